package clnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Adam;
import clnn.Evaluation;
import clnn.FitOptions;
import clnn.History;
import clnn.ModelException;
import clnn.backend.Backend;
import clnn.backend.cpu.FastCpuBackend;
import clnn.data.Dataset;
import org.junit.jupiter.api.Test;

/** Early stopping on val_loss keeps the best epoch's weights, whether or not it stopped early. */
class EarlyStoppingTest {
    @Test
    void stopsWhenValidationLossStallsAndKeepsTheBestEpoch() {
        Dataset train = TrainerTest.data();
        Dataset val = TrainerTest.data().select(new int[] {0, 5, 9, 17, 33, 60, 99, 150, 200}, "val");
        float[] params = TrainerTest.initialParams();
        History h;
        Evaluation after;
        try (Backend b = new FastCpuBackend()) {
            // A high learning rate makes the validation loss bounce, so patience 2 ends the run early.
            h = new Trainer(b, TrainerTest.SHAPE, new Adam(0.3f)).fit(params, train, val,
                    new FitOptions().epochs(200).earlyStoppingPatience(2).verbose(0).plan(), TrainingListener.SILENT);
            after = Inference.evaluate(b, TrainerTest.SHAPE, params, val);
        }
        assertTrue(h.stoppedEarly() && h.size() < 200, "stopped after " + h.size());
        int best = h.restoredEpoch();
        double bestLoss = h.epochs().get(best - 1).valLoss();
        for (History.Epoch e : h.epochs()) assertTrue(e.valLoss() >= bestLoss, "epoch " + best + " has the lowest val_loss");
        assertEquals(h.size() - 2, best, "patience 2: two epochs without improvement after the best");
        assertEquals(bestLoss, after.loss(), 1e-6, "the model holds the best epoch's weights");
    }

    @Test
    void keepsTheBestWeightsEvenWithoutStopping() {
        Dataset train = TrainerTest.data();
        float[] a = TrainerTest.initialParams();
        float[] b = TrainerTest.initialParams();
        History h;
        try (Backend x = new FastCpuBackend()) {
            h = new Trainer(x, TrainerTest.SHAPE, new Adam(0.01f)).fit(a, train, train,
                    new FitOptions().epochs(3).earlyStoppingPatience(50).verbose(0).plan(), TrainingListener.SILENT);
            History plain = new Trainer(x, TrainerTest.SHAPE, new Adam(0.01f)).fit(b, train, train,
                    new FitOptions().epochs(h.restoredEpoch()).verbose(0).plan(), TrainingListener.SILENT);
            assertEquals(h.restoredEpoch(), plain.size());
        }
        assertTrue(!h.stoppedEarly() && h.size() == 3);
        assertArrayEquals(b, a, "the weights are those of the best epoch, bit for bit");
    }

    @Test
    void needsValidationData() {
        try (Backend x = new FastCpuBackend()) {
            String m = assertThrows(ModelException.class, () -> new Trainer(x, TrainerTest.SHAPE, new Adam()).fit(
                    TrainerTest.initialParams(), TrainerTest.data(), null,
                    new FitOptions().epochs(3).earlyStoppingPatience(2).verbose(0).plan(), TrainingListener.SILENT)).getMessage();
            assertTrue(m.contains("val_loss"), m);
        }
    }
}
