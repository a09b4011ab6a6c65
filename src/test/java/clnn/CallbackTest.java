package clnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.data.Dataset;
import clnn.train.Trainer;
import clnn.train.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Keras-style callbacks through FitOptions.callbacks: order, counts, batch updates on request, stopping, silence. */
class CallbackTest {
    /** 203 rows of 12 features, 4 classes: at batch 32, 6 full batches and a partial one (7 steps). */
    static Dataset data() {
        Random r = new Random(3);
        int n = 203;
        float[][] x = new float[n][12];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int j = 0; j < 12; j++) {
                x[i][j] = r.nextFloat();
                s += x[i][j] * (j % 4);
            }
            y[i] = Math.min(3, (int) (s / 4.5f));
        }
        return Dataset.of(x, y, 4);
    }

    static Sequential model() {
        return new Sequential(new Input(12), new Dense(9, Activation.RELU), new Dense(4, Activation.LINEAR))
                .compile(Loss.sparseCategoricalCrossentropy(true), new Adam(0.01f));
    }

    /** Writes down every call, in order. */
    static class Recorder implements Callback {
        final List<String> calls = new ArrayList<>();
        final List<History.Epoch> epochs = new ArrayList<>();
        final List<Double> running = new ArrayList<>();
        History end;

        @Override
        public void onTrainBegin(int epochs, int stepsPerEpoch) {
            calls.add("trainBegin " + epochs + " " + stepsPerEpoch);
        }

        @Override
        public void onEpochBegin(int epoch) {
            calls.add("epochBegin " + epoch);
        }

        @Override
        public void onBatchEnd(int epoch, int batchesDone, double runningLoss) {
            calls.add("batchEnd " + epoch + " " + batchesDone);
            running.add(runningLoss);
        }

        @Override
        public void onEpochEnd(History.Epoch e) {
            calls.add("epochEnd " + e.epoch());
            epochs.add(e);
        }

        @Override
        public void onTrainEnd(History history) {
            calls.add("trainEnd " + history.size());
            end = history;
        }
    }

    static final class EveryBatches extends Recorder {
        final int n;

        EveryBatches(int n) {
            this.n = n;
        }

        @Override
        public int batchEndEvery() {
            return n;
        }
    }

    @Test
    void callsComeInKerasOrderWithTheHistorysEntries() {
        Recorder r = new Recorder();
        History h;
        try (Sequential m = model()) {
            h = m.fit(data(), new FitOptions().epochs(3).verbose(0).callbacks(r));
        }
        assertEquals(List.of("trainBegin 3 7", "epochBegin 1", "epochEnd 1", "epochBegin 2", "epochEnd 2",
                "epochBegin 3", "epochEnd 3", "trainEnd 3"), r.calls, "no batch updates unless asked");
        assertEquals(h.epochs(), r.epochs, "onEpochEnd gets exactly the entries History records");
        assertSame(h, r.end, "onTrainEnd gets the history fit returns");
    }

    @Test
    void verboseZeroSilencesThePrinterButNotTheCallbacks() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Recorder r = new Recorder();
        try (Sequential m = model()) {
            m.fit(data(), new FitOptions().epochs(2).verbose(0).output(new PrintStream(out, true, StandardCharsets.UTF_8))
                    .callbacks(r));
            assertEquals("", out.toString(StandardCharsets.UTF_8), "verbose 0 prints nothing");
            assertEquals(2, r.epochs.size(), "the callbacks ran");
            // The same stream does receive lines when the printer is on: the silence above is verbose 0's.
            m.fit(data(), new FitOptions().epochs(1).verbose(2).output(new PrintStream(out, true, StandardCharsets.UTF_8)));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("loss: "), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void batchEndEveryNBatchesGivesAFiniteFallingRunningLoss() {
        EveryBatches every = new EveryBatches(1);
        EveryBatches third = new EveryBatches(3);
        History h;
        try (Sequential m = model()) {
            h = m.fit(data(), new FitOptions().epochs(4).verbose(0).callbacks(every, third));
        }
        List<String> batches = every.calls.stream().filter(c -> c.startsWith("batchEnd 2 ")).toList();
        assertEquals(List.of("batchEnd 2 1", "batchEnd 2 2", "batchEnd 2 3", "batchEnd 2 4", "batchEnd 2 5",
                "batchEnd 2 6", "batchEnd 2 7"), batches);
        assertEquals(4 * 7, every.running.size());
        // Every third batch, and the epoch's last (7 steps: 3, 6, 7).
        assertEquals(List.of("batchEnd 1 3", "batchEnd 1 6", "batchEnd 1 7"),
                third.calls.stream().filter(c -> c.startsWith("batchEnd 1 ")).toList());
        for (double loss : every.running) assertTrue(Double.isFinite(loss) && loss > 0, "finite running loss " + loss);
        for (int e = 0; e < 4; e++) {
            // After the last batch the running loss is the epoch's loss (which the loop divides in float).
            assertEquals(h.epochs().get(e).loss(), every.running.get(e * 7 + 6), 1e-6);
        }
        double first = every.running.get(0);
        double last = every.running.get(every.running.size() - 1);
        assertTrue(last < first * 0.9, "the loss falls: " + first + " -> " + last + " " + every.running);
    }

    @Test
    void anIntervalAsksForBatchUpdatesByTime() {
        Recorder timed = new Recorder() {
            @Override
            public long batchEndIntervalNanos() {
                return 1;
            }
        };
        try (Sequential m = model()) {
            m.fit(data(), new FitOptions().epochs(3).verbose(0).callbacks(timed));
        }
        // The first epoch runs in twentieths (at least 1 step each); later ones as the measured time allows.
        long perEpoch1 = timed.calls.stream().filter(c -> c.startsWith("batchEnd 1 ")).count();
        assertEquals(7, perEpoch1, "a 1 ns interval: after every step");
        assertTrue(timed.calls.contains("batchEnd 3 7"), "the epoch's last batch is always reported");
    }

    @Test
    void aStopRequestEndsTrainingAfterThatEpoch() {
        Recorder stopAtTwo = new Recorder() {
            @Override
            public boolean stopTraining() {
                return epochs.size() == 2;
            }
        };
        History h;
        try (Sequential m = model()) {
            h = m.fit(data(), new FitOptions().epochs(10).verbose(0).callbacks(stopAtTwo));
            assertEquals(2 * 7, m.optimizerState().step(), "the model keeps Adam's state of the epochs that ran");
        }
        assertEquals(2, h.size());
        assertEquals("trainEnd 2", stopAtTwo.calls.get(stopAtTwo.calls.size() - 1));
        assertEquals(false, h.stoppedEarly(), "stoppedEarly is early stopping's (val_loss) verdict");
    }

    @Test
    void callbacksWithoutBatchUpdatesLeaveOneChunkPerEpoch() {
        try (Sequential m = model()) {
            Dataset d = data();
            // Through the public API: the fused path is taken with or without such a callback.
            String plain = m.fit(d, new FitOptions().epochs(1).verbose(0)).stepPath();
            String withCallback = m.fit(d, new FitOptions().epochs(1).verbose(0).callbacks(new Recorder())).stepPath();
            assertTrue(plain.startsWith("fused: "), "the CPU device fuses this network: " + plain);
            assertEquals(plain, withCallback);
            // Under the API: how many chunks (backend calls, when fused) each epoch is cut into.
            assertEquals(3, chunks(m, d, new Recorder()), "no batch updates asked: one chunk per epoch");
            assertEquals(3 * 4, chunks(m, d, new EveryBatches(2)), "every 2 of 7 steps: 2+2+2+1");
            assertEquals(3 * 4, chunks(m, d, new Recorder(), new EveryBatches(2)), "the finest request sets the chunks");
        }
    }

    /** Chunks run in a 3-epoch fit with these callbacks (the loop reports to its listener after every chunk). */
    private static int chunks(Sequential m, Dataset d, Callback... callbacks) {
        int[] count = {0};
        List<TrainingListener> listeners = new ArrayList<>();
        for (Callback c : callbacks) listeners.add(new CallbackListener(c));
        listeners.add(new TrainingListener() {
            @Override
            public void onStep(int step, RunningLoss probe) {
                count[0]++;
            }
        });
        new Trainer(m.backend(), m.shape(), new Adam(0.01f)).fit(m.flatParams(), d, null,
                new FitOptions().epochs(3).verbose(0).plan(), TrainingListener.all(listeners));
        return count[0];
    }
}
