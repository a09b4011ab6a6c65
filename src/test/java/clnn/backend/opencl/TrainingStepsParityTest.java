package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Activation;
import clnn.Adam;
import clnn.backend.Backend;
import clnn.backend.CoversOps;
import clnn.backend.OpParity;
import clnn.backend.cpu.CpuBackend;
import clnn.check.Tolerances;
import clnn.check.TrainingStepsCase;
import clnn.check.TrainingStepsOp;
import clnn.data.Dataset;
import clnn.train.NetworkShape;
import clnn.train.TrainingSession;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * train_steps on OpenCL: an epoch of whole steps (in two calls) against the per-op definition on the reference, on
 * every case of {@link TrainingStepsOp}: the parameters, Adam's moments and the epoch's metrics. Every case runs
 * fused (kernels/train_steps.cl), as one launch per chunk of at most the plan's cap steps, with the rule's choices
 * and with three steps per launch; the other variants (global scratch, the GPU and other tunings) on a subset, each
 * variant a program per network (PoCL builds one in about a second).
 */
@CoversOps(ops = "train_steps", backends = OpenClBackend.class)
class TrainingStepsParityTest {
    @Test
    void everyCaseRunsFusedInOneLaunchPerChunkAndMatchesTheReference() {
        try (OpenClBackend cl = OpenClDevices.open()) {
            String on = "on " + cl.device().name();
            int compared = 0;
            for (TrainingStepsCase c : TrainingStepsOp.INSTANCE.cases()) {
                assertRunsFused(cl, c, on);
                // The same program with three steps per launch: launches that continue a call (Adam's step count,
                // the metrics kept on the device, the row offsets) on every case.
                cl.trainStepsLauncher().forceCap(3);
                assertRunsFused(cl, c, on + ", 3 steps per launch");
                cl.trainStepsLauncher().forceCap(0);
                compared++;
            }
            assertEquals(TrainingStepsOp.INSTANCE.cases().size(), compared);
        }
    }

    /**
     * The other variants and device kinds' code paths, run here on a subset (every shape at batch 7, and the
     * reference network at batch 32; one program each): the GPU form (256 work-items, scalar, tiles strided over
     * the work-items) with the activations in local memory and in global scratch, several work-items with float16
     * tails written lane by lane, and float4 with tiles that divide neither the batch (padded rows) nor the units,
     * in global scratch.
     */
    @Test
    void everyVariantAndDeviceKindMatchesTheReference() {
        record Variant(TrainStepsLauncher.Tuning tuning, boolean local) {
        }
        Variant[] variants = {
            new Variant(new TrainStepsLauncher.Tuning(256, 1, 2, 1, 2), true),
            new Variant(new TrainStepsLauncher.Tuning(256, 1, 2, 1, 2), false),
            new Variant(new TrainStepsLauncher.Tuning(4, 16, 4, 2, 4), true),
            new Variant(new TrainStepsLauncher.Tuning(8, 4, 3, 3, 5), false),
        };
        try (OpenClBackend cl = OpenClDevices.open()) {
            for (Variant v : variants) {
                cl.trainStepsLauncher().forceTuning(v.tuning());
                cl.trainStepsLauncher().forceScratch(v.local());
                String on = "on " + cl.device().name() + " with " + v;
                int compared = 0;
                for (TrainingStepsCase c : TrainingStepsOp.INSTANCE.cases()) {
                    if (c.batch() != 7 && !(c.batch() == 32 && c.widths()[0] == 400)) continue;
                    assertRunsFused(cl, c, on);
                    try (TrainingSession s = session(cl, c)) {
                        assertEquals(v.local(), cl.trainStepsLauncher().plan(s.wholeSteps()).localScratch(), on);
                    }
                    compared++;
                }
                assertEquals(TrainingStepsOp.SHAPES.length + 1, compared, on);
            }
        }
    }

    /** One case against the reference, fused, in ceil(steps / cap) launches per call. */
    private static void assertRunsFused(OpenClBackend cl, TrainingStepsCase c, String on) {
        assertTrue(c.fusedOn(cl), c + " runs fused " + on);
        int cap;
        try (TrainingSession s = session(cl, c)) {
            cap = cl.trainStepsLauncher().plan(s.wholeSteps()).cap();
        }
        long before = cl.counters().launches();
        OpParity.assertCase(TrainingStepsOp.INSTANCE, c, cl, on);
        // The case's two calls: steps 0..first-1, then the rest (TrainingStepsCase.prepare).
        int steps = c.steps();
        int first = Math.min(Math.max(1, steps / 2), steps);
        long expected = ceilDiv(first, cap) + ceilDiv(steps - first, cap);
        assertEquals(expected, cl.counters().launches() - before, c + ": launches with cap " + cap + " " + on);
    }

    /** Adam's step sizes past the device's table (a refill in the middle of a fit) still match the reference's. */
    @Test
    void adamStepsBeyondTheFirstTableMatchTheReference() {
        int rows = 70;
        NetworkShape shape = new NetworkShape(9, new int[] {6, 4},
                new Activation[] {Activation.SIGMOID, Activation.LINEAR});
        Random r = new Random(5);
        float[] x = new float[rows * 9];
        int[] y = new int[rows];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        for (int i = 0; i < rows; i++) y[i] = r.nextInt(4);
        float[] init = new float[shape.paramCount()];
        for (int i = 0; i < init.length; i++) init[i] = r.nextFloat() - 0.5f;
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = (i * 31) % rows;
        Dataset d = new Dataset(x, y, 9, 4, "table");
        float[] expected = new float[init.length];
        float[] actual = new float[init.length];
        try (CpuBackend ref = new CpuBackend(); OpenClBackend cl = OpenClDevices.open()) {
            for (Backend b : new Backend[] {ref, cl}) {
                try (TrainingSession s = new TrainingSession(b, shape, new Adam(0.01f), init, d, 16)) {
                    s.beginEpoch(order);
                    b.trainSteps(s.wholeSteps(), 0, 2, 0);
                    b.trainSteps(s.wholeSteps(), 2, 3, TrainStepsLauncher.ALPHA_TABLE + 40);
                    s.readParams(b == ref ? expected : actual);
                }
            }
        }
        var cmp = Tolerances.TRAINING_STEPS.compare(expected, actual);
        assertTrue(cmp.ok(), cmp.describe("steps past the alpha table", Tolerances.TRAINING_STEPS.abs(),
                Tolerances.TRAINING_STEPS.rel()));
    }

    /**
     * A fused fit that diverges (learning rate 1e30) reports the first non-finite batch where the reference does:
     * FIRST_NONFINITE (rows seen before it, plus one) and ROWS are the reference's exactly.
     */
    @Test
    void divergenceIsReportedAtTheReferencesStep() {
        int rows = 64;
        NetworkShape shape = new NetworkShape(12, new int[] {8, 5},
                new Activation[] {Activation.RELU, Activation.LINEAR});
        Random r = new Random(9);
        float[] x = new float[rows * 12];
        int[] y = new int[rows];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        for (int i = 0; i < rows; i++) y[i] = r.nextInt(5);
        float[] init = new float[shape.paramCount()];
        for (int i = 0; i < init.length; i++) init[i] = r.nextFloat() - 0.5f;
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = (i * 7) % rows;
        Dataset d = new Dataset(x, y, 12, 5, "diverging");
        float[][] metrics = new float[2][];
        try (CpuBackend ref = new CpuBackend(); OpenClBackend cl = OpenClDevices.open()) {
            Backend[] both = {ref, cl};
            for (int i = 0; i < 2; i++) {
                try (TrainingSession s = new TrainingSession(both[i], shape, new Adam(1e30f), init, d, 8)) {
                    assertEquals(i == 1, s.fuses(clnn.Fusion.AUTO));
                    s.beginEpoch(order);
                    both[i].trainSteps(s.wholeSteps(), 0, s.steps(), 0);
                    metrics[i] = s.readMetrics().clone();
                }
            }
        }
        assertTrue(metrics[0][3] > 0, "the reference diverged: " + java.util.Arrays.toString(metrics[0]));
        assertEquals(metrics[0][3], metrics[1][3], "FIRST_NONFINITE: " + java.util.Arrays.toString(metrics[1]));
        assertEquals(metrics[0][2], metrics[1][2], "ROWS");
    }

    /** Outside the rule (a batch above MAX_BATCH) the call says so and runs the per-op definition. */
    @Test
    void outsideTheRuleTheDefinitionRuns() {
        int rows = TrainStepsLauncher.MAX_BATCH + 100;
        NetworkShape shape = new NetworkShape(3, new int[] {2}, new Activation[] {Activation.LINEAR});
        Dataset d = new Dataset(new float[rows * 3], new int[rows], 3, 2, "big batch");
        try (OpenClBackend cl = OpenClDevices.open();
             TrainingSession s = new TrainingSession(cl, shape, new Adam(), new float[shape.paramCount()], d,
                     TrainStepsLauncher.MAX_BATCH + 1)) {
            assertFalse(cl.fusion(s.wholeSteps()).isPresent());
            s.beginEpoch(new int[rows]);
            long before = cl.counters().launches();
            cl.trainSteps(s.wholeSteps(), 0, 2, 0);
            // Per step: forward GEMM, softmax, dW GEMM, Adam.
            assertEquals(8, cl.counters().launches() - before);
        }
    }

    /** A session of the case's network, batch and rows (zeros), for the plan the backend makes of it. */
    private static TrainingSession session(OpenClBackend cl, TrainingStepsCase c) {
        NetworkShape shape = c.shape();
        return new TrainingSession(cl, shape, new Adam(), new float[shape.paramCount()],
                new Dataset(new float[c.rows() * c.widths()[0]], new int[c.rows()], c.widths()[0],
                        c.widths()[c.widths().length - 1], c.name()), c.batch());
    }

    private static long ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
