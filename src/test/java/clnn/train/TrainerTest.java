package clnn.train;

import static clnn.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Activation;
import clnn.Adam;
import clnn.Evaluation;
import clnn.FitOptions;
import clnn.History;
import clnn.check.LossTrace;
import clnn.check.Tolerances;
import clnn.backend.Backend;
import clnn.backend.cpu.CpuBackend;
import clnn.backend.cpu.FastCpuBackend;
import clnn.data.Dataset;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The training loop's contract, on small synthetic data: determinism, Keras's epoch loss, no allocation per step. */
class TrainerTest {
    static final NetworkShape SHAPE = new NetworkShape(12, new int[] {9, 7, 4},
            new Activation[] {Activation.RELU, Activation.RELU, Activation.LINEAR});

    /** 203 rows: at batch 32 that is 6 full batches and a partial one of 11. */
    static Dataset data() {
        Random r = new Random(3);
        int n = 203;
        float[] x = new float[n * 12];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int j = 0; j < 12; j++) {
                x[i * 12 + j] = r.nextFloat();
                s += x[i * 12 + j] * (j % 4);
            }
            y[i] = Math.min(3, (int) (s / 4.5f));
        }
        return new Dataset(x, y, 12, 4, "synthetic");
    }

    static float[] initialParams() {
        Random r = new Random(5);
        float[] p = new float[SHAPE.paramCount()];
        for (int i = 0; i < p.length; i++) p[i] = (r.nextFloat() * 2 - 1) * 0.5f;
        return p;
    }

    static History fit(Backend b, float[] params, FitOptions o) {
        return new Trainer(b, SHAPE, new Adam(0.01f)).fit(params, data(), null, o.plan(), TrainingListener.SILENT);
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsOnBothCpuBackends() {
        for (Supplier<Backend> make : java.util.List.<Supplier<Backend>>of(CpuBackend::new, FastCpuBackend::new)) {
            float[] a = initialParams();
            float[] b = initialParams();
            float[] c = initialParams();
            try (Backend x = make.get(); Backend y = make.get()) {
                fit(x, a, new FitOptions().epochs(3).seed(7).verbose(0));
                fit(y, b, new FitOptions().epochs(3).seed(7).verbose(0));
                fit(y, c, new FitOptions().epochs(3).seed(8).verbose(0));
            }
            assertArrayEquals(a, b, "same seed, same weights");
            assertFalse(Arrays.equals(a, c), "another seed shuffles differently");
        }
    }

    @Test
    void epochLossIsTheSampleWeightedMeanIncludingThePartialBatch() {
        // With a vanishing learning rate the weights do not move, so the epoch loss must equal the mean
        // loss over all 203 rows: the 11-row last batch counts 11/203, not 1/7.
        float[] params = initialParams();
        Evaluation before;
        History h;
        try (Backend b = new CpuBackend()) {
            before = Inference.evaluate(b, SHAPE, params, data());
            h = new Trainer(b, SHAPE, new Adam(1e-30f)).fit(params, data(), null, new FitOptions().epochs(1).verbose(0).plan(),
                    TrainingListener.SILENT);
        }
        assertEquals(7, h.last().steps(), "ceil(203 / 32) steps");
        assertClose("epoch loss", before.loss(), h.last().loss(), 1e-6, 1e-6);
        assertClose("epoch accuracy", before.accuracy(), h.last().accuracy(), 1e-9, 0);
    }

    @Test
    void fastTwinFollowsTheReferenceLossTrace() {
        LossTrace trace = new LossTrace(SHAPE, new Adam(0.01f), initialParams(),
                new FitOptions().epochs(3).shuffle(false).verbose(0).plan());
        double[] ref;
        double[] fast;
        try (Backend r = new CpuBackend(); Backend f = new FastCpuBackend()) {
            ref = trace.run(r, data());
            fast = trace.run(f, data());
        }
        PinnedLossTrace.assertTrace("the auto-vectorised twin", ref, fast, Tolerances.TRACE);
        assertTrue(ref[2] < ref[0], "the loss falls: " + Arrays.toString(ref));
    }

    @Test
    void aTrainingStepAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // Ten copies of the data: 70 steps per epoch, so what an epoch legitimately allocates (its
        // History entry, the shuffle's generator: a few hundred bytes) cannot pass for a step's.
        Dataset d = data();
        int[] rows = new int[d.rows() * 10];
        for (int i = 0; i < rows.length; i++) rows[i] = i % d.rows();
        Dataset big = d.select(rows, "synthetic x10");
        int stepsPerEpoch = (big.rows() + 31) / 32;
        try (Backend b = new FastCpuBackend()) {
            Trainer t = new Trainer(b, SHAPE, new Adam(0.01f));
            t.fit(initialParams(), big, null, new FitOptions().epochs(5).verbose(0).plan(), TrainingListener.SILENT); // JIT
            long t0 = mx.getThreadAllocatedBytes(tid);
            t.fit(initialParams(), big, null, new FitOptions().epochs(2).verbose(0).plan(), TrainingListener.SILENT);
            long t1 = mx.getThreadAllocatedBytes(tid);
            t.fit(initialParams(), big, null, new FitOptions().epochs(12).verbose(0).plan(), TrainingListener.SILENT);
            long t2 = mx.getThreadAllocatedBytes(tid);
            // The 10 extra epochs cost (10 x stepsPerEpoch) extra steps; the per-fit costs cancel.
            double perStep = ((t2 - t1) - (t1 - t0)) / (10.0 * stepsPerEpoch);
            System.out.println("TrainerTest: " + perStep + " bytes per training step");
            assertTrue(perStep < 16, "allocated " + perStep + " bytes per training step");
        }
    }
}
