package clnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.data.Dataset;
import clnn.data.mat.MatFile;
import clnn.reliability.Refusal;
import clnn.train.MemoryBudget;
import clnn.train.NetworkShape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Models, fits and reports too large for the Java heap are refused from their shapes, in one line
 * that names the model, the estimate, the heap and the fix, before anything large is allocated
 * (before: --layers 20000,20000 died after 12 s with OutOfMemoryError, and a 40,000-class evaluate
 * allocated a 40000x40000 confusion matrix).
 */
class MemoryBudgetTest {
    static Path dir;
    static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("clnn-memory");
        double[] x = new double[30 * 4];
        for (int i = 0; i < x.length; i++) x[i] = (i * 7 % 13) / 13.0;
        byte[] y = new byte[30];
        for (int i = 0; i < 30; i++) y[i] = (byte) (i % 2);
        data = dir.resolve("data.mat");
        new MatFile.Writer().doubles("X", 30, 4, x).uint8Column("y", y).writeAtomically(data);
    }

    @Test
    void hugeLayersAreRefusedInAChildJvmWithinSeconds() throws Exception {
        long start = System.nanoTime();
        Refusal r = Refusal.runChild(512, 20, "train", "--data", data.toString(), "--layers",
                "20000,20000", "--device", "cpu", "--out", dir.resolve("huge").toString());
        r.assertRefused("model 4-20000-20000-2", "400,160,002 parameters", "needs about 1.49 GiB", "-Xmx", "--layers")
                .record("api", "train --layers 20000,20000 (child JVM, -Xmx512m)", dir);
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "answered within 20 s");
    }

    @Test
    void aFitLargerThanTheHeapIsRefusedBeforeItAllocates() throws Exception {
        // 36 M parameters fit a 256 MB heap (144 MB), their gradients and Adam moments do not (4 x 144 MB more).
        Refusal r = Refusal.runChild(256, 30, "train", "--data", data.toString(), "--layers",
                "6000,6000", "--device", "cpu", "--epochs", "1", "--out", dir.resolve("fit").toString());
        r.assertRefused("training model 4-6000-6000-2 on 30 rows", "heap", "-Xmx")
                .record("api", "train --layers 6000,6000 (child JVM, -Xmx256m: the model fits, its training does not)", dir);
    }

    @Test
    void theLibraryRefusesAModelWiderThanTheHeap() {
        // As wide as one parameter array allows (NetworkShape caps it at 2^29), beyond a 2 GB test heap.
        int width = 22_900;
        long params = 400L * width + width + (long) width * width + width + 10L * width + 10;
        Assumptions.assumeTrue(4 * params > MemoryBudget.availableBytes(), "this JVM's heap holds the model");
        ModelException e = assertThrows(ModelException.class, () -> new Sequential(new Input(400),
                new Dense(width, Activation.RELU), new Dense(width, Activation.RELU), new Dense(10, Activation.LINEAR)));
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(e.getMessage().startsWith("model 400-22900-22900-10 (" + String.format(java.util.Locale.ROOT, "%,d", params)
                + " parameters) needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("use narrower or fewer layers"), e.getMessage());
    }

    @Test
    void requireNamesTheEstimateTheHeapAndTheFix() {
        ModelException e = assertThrows(ModelException.class,
                () -> MemoryBudget.require(1L << 50, "something big", "make it smaller"));
        assertTrue(e.getMessage().matches("something big needs about 1048576\\.00 GiB of Java heap, but only .* of the "
                + "heap's .* is free; make it smaller, or give Java more memory \\(java -Xmx\\d+g \\.\\.\\.\\)"), e.getMessage());
        MemoryBudget.require(1024, "something small", "n/a");
    }

    @Test
    void fitEstimateCountsEveryCopy() {
        NetworkShape s = new NetworkShape(4, new int[] {3, 2}, new Activation[] {Activation.RELU, Activation.LINEAR});
        long p = s.paramCount();
        // CPU path, 10 rows, batch 4, no validation: Adam's state read back (4 P) + 4 P + 2 * 4 * (3 + 2) + 10 * (4 + 2) floats.
        assertEquals(4 * (4 * p + 4 * p + 2 * 4 * 5 + 10 * 6), MemoryBudget.fitBytes(s, 10, 4, 0, true, false, false, false));
        // OpenCL keeps those on the device: only Adam's state read back, early stopping's copy and the checkpoint's stay on the heap.
        assertEquals(4 * (4 * p + p + 9 * p), MemoryBudget.fitBytes(s, 10, 4, 0, false, true, true, false));
    }

    @Test
    void aReportOfFortyThousandClassesLeavesTheMatrixOut() {
        int k = 40_000;
        try (Sequential m = new Sequential(new Input(2), new Dense(k, Activation.LINEAR))) {
            m.compile(Loss.sparseCategoricalCrossentropy(true), new Adam());
            Dataset d = Dataset.of(new float[][] {{1, 0}, {0, 1}, {1, 1}}, new int[] {0, 7, k - 1});
            ClassificationReport r = m.report(d);
            assertFalse(r.hasConfusion());
            assertEquals(k, r.classes());
            assertTrue(r.render().contains("confusion matrix left out: 40000 classes"));
        }
    }
}
