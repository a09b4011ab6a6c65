package clnn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Activation;
import clnn.Adam;
import clnn.backend.AdamUpdate;
import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.check.OpCase;
import clnn.check.TrainingStepsCase;
import clnn.check.TrainingStepsOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Vector API twin's fused training steps: that every train_steps case fuses (so CpuTwinParityTest checks the
 * fused form against the reference), that fused steps give the per-op twin's very bits, that the parts written out
 * again (softmax, Adam) are the reference's bits, the rule, the padding, and the warm-up.
 */
class FusedStepsTest {
    private static final Activation[] REFERENCE_ACTS = {Activation.RELU, Activation.RELU, Activation.LINEAR};

    /** The Vector API twin with its whole-step call left at the per-op definition. */
    static final class Unfused implements HostArrayBackend {
        final VectorCpuBackend inner = new VectorCpuBackend();

        @Override public CpuMemory memory() { return inner.memory(); }
        @Override public String description() { return "the Vector API twin, unfused"; }
        @Override public void gemm(Gemm call, int indexOffset) { inner.gemm(call, indexOffset); }
        @Override public void softmaxCrossEntropy(SoftmaxCrossEntropy call, int i) { inner.softmaxCrossEntropy(call, i); }
        @Override public void adam(AdamUpdate call, long step) { inner.adam(call, step); }
        @Override public void close() { inner.close(); }
    }

    @Test
    void everyTrainStepsCaseFusesOnTheVectorTwin() {
        try (VectorCpuBackend vector = new VectorCpuBackend()) {
            for (TrainingStepsCase c : TrainingStepsOp.INSTANCE.cases()) {
                assertTrue(c.fusedOn(vector), c + " should fuse: " + FusedSteps.refusal(c.widths(), c.activations(),
                        c.batch()));
            }
            assertEquals(0, vector.counters().liveArrays());
        }
    }

    @Test
    void aFusedCallIsOneLaunchWhateverItsSteps() {
        TrainingStepsCase c = TrainingStepsOp.INSTANCE.cases().stream()
                .filter(k -> k.widths()[0] == 400 && k.batch() == 32)
                .findFirst().orElseThrow();
        try (VectorCpuBackend vector = new VectorCpuBackend(); OpCase.Prepared p = c.prepare(vector)) {
            long before = vector.counters().launches();
            p.launch(); // the epoch as two calls of trainSteps
            assertEquals(2, vector.counters().launches() - before, "launches of " + c.steps() + " steps");
        }
    }

    /**
     * Stronger than the parity test's tolerance: the fused steps do the per-op twin's float operations in the same
     * order (FMA products over k in index order, the reference's softmax, column sums and Adam), so on every case
     * they leave the same parameters, moments and metrics, bit for bit.
     */
    @Test
    void fusedStepsGiveThePerOpTwinsBits() {
        List<TrainingStepsCase> cases = new ArrayList<>(TrainingStepsOp.INSTANCE.cases());
        // Products large enough for the per-op twin's BlockedGemm (k blocks, continued from the partial sums).
        cases.add(new TrainingStepsCase(300, 64, new int[] {300, 64, 10}, new Activation[] {Activation.RELU,
            Activation.LINEAR}, 7));
        for (TrainingStepsCase c : cases) {
            float[] fused;
            float[] unfused;
            try (VectorCpuBackend vector = new VectorCpuBackend()) {
                fused = c.run(vector);
            }
            try (Unfused perOp = new Unfused()) {
                assertFalse(c.fusedOn(perOp));
                unfused = c.run(perOp);
            }
            assertArrayEquals(unfused, fused, c.toString());
        }
    }

    @Test
    void theSoftmaxIsTheReferencesBits() {
        Random r = new Random(3);
        int classes = 10;
        int ld = 16;
        int rows = 29;
        float[] logits = new float[rows * ld];
        for (int i = 0; i < logits.length; i++) logits[i] = (r.nextFloat() * 2 - 1) * (i < ld * 4 ? 60 : 8);
        int[] labels = new int[40];
        int[] index = new int[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = r.nextInt(classes);
            index[i] = r.nextInt(40);
        }
        float[] metrics = {1.5f, 2f, 64f, 0f};
        float[] grad = new float[rows * ld];
        FusedMlp.softmaxCrossEntropy(logits, grad, ld, rows, classes, labels, index, 7, metrics);
        try (CpuBackend ref = new CpuBackend()) {
            DeviceFloats z = upload(ref, logits);
            DeviceFloats g = ref.allocFloats("g", grad.length);
            DeviceFloats m = upload(ref, new float[] {1.5f, 2f, 64f, 0f});
            DeviceInts y = ref.allocInts("y", 40);
            DeviceInts ix = ref.allocInts("ix", 40);
            ref.upload(labels, y);
            ref.upload(index, ix);
            ref.softmaxCrossEntropy(new SoftmaxCrossEntropy(new Operand(z, 0, ld), rows, classes, y, ix,
                    new Operand(g, 0, ld), m), 7);
            assertArrayEquals(download(ref, g), grad);
            assertArrayEquals(download(ref, m), metrics);
        }
    }

    @Test
    void aNonFiniteBatchIsRecordedAsTheReferenceRecordsIt() {
        float[] logits = new float[2 * 16];
        logits[16] = Float.NaN;
        float[] metrics = {0f, 0f, 32f, 0f};
        FusedMlp.softmaxCrossEntropy(logits, new float[logits.length], 16, 2, 3, new int[] {0, 1}, new int[] {0, 1},
                0, metrics);
        assertEquals(34f, metrics[SoftmaxCrossEntropy.ROWS]);
        assertEquals(33f, metrics[SoftmaxCrossEntropy.FIRST_NONFINITE], "rows before the batch, plus one");
    }

    @Test
    void adamIsTheReferencesBits() {
        int n = 40 * FusedKernels.L;
        Random r = new Random(5);
        float[] w = new float[n];
        float[] g = new float[n];
        float[] m = new float[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = r.nextFloat() - 0.5f;
            g[i] = i % 7 == 0 ? 0f : (r.nextFloat() - 0.5f) * 1e-2f;
            m[i] = i % 11 == 0 ? 3e-44f : (r.nextFloat() - 0.5f) * 1e-3f; // a few denormals, as training makes them
            v[i] = r.nextFloat() * 1e-5f;
        }
        Adam adam = new Adam(0.003f);
        try (CpuBackend ref = new CpuBackend()) {
            DeviceFloats rw = upload(ref, w);
            DeviceFloats rg = upload(ref, g);
            DeviceFloats rm = upload(ref, m);
            DeviceFloats rv = upload(ref, v);
            for (long t = 1; t <= 3; t++) {
                ref.adam(new AdamUpdate(rw, rg, rm, rv, n, adam), t);
                FusedKernels.adam(w, g, m, v, n, adam.alpha(t), 1f - adam.beta1(), 1f - adam.beta2(), adam.epsilon());
            }
            assertArrayEquals(download(ref, rw), w);
            assertArrayEquals(download(ref, rm), m);
            assertArrayEquals(download(ref, rv), v);
        }
    }

    @Test
    void theRuleFusesSmallNetworksOnly() {
        int lanes = FusedKernels.L;
        assertNull(FusedSteps.refusal(new int[] {400, 25, 15, 10}, REFERENCE_ACTS, 32));
        assertNull(FusedSteps.refusal(new int[] {400, 25, 15, 10}, REFERENCE_ACTS, 1024));
        Activation[] two = {Activation.RELU, Activation.LINEAR};
        assertNull(FusedSteps.refusal(new int[] {784, 128, 10}, two, 64));
        assertNotNull(FusedSteps.refusal(new int[] {400, 25, 15, 10}, REFERENCE_ACTS, 1025), "batch");
        assertNotNull(FusedSteps.refusal(new int[] {20, 257, 10}, two, 32), "units");
        assertNotNull(FusedSteps.refusal(new int[] {784, 256, 10}, two, 32), "4 arrays of 784 x 256 floats: 3.2 MB");
        assertNotNull(FusedSteps.refusal(new int[] {4000, 64, 10}, two, 32), "a wide input counts through W_1");
        assertNotNull(FusedSteps.refusal(new int[] {1 << 28, 64, 10}, two, 32), "refused, not overflowed");
        FusedLayout reference = new FusedLayout(new int[] {400, 25, 15, 10}, REFERENCE_ACTS, 32, lanes);
        assertTrue(reference.workingSetBytes() < 300_000, reference.workingSetBytes() + " bytes");
        if (lanes == 16) {
            assertEquals("32-32-32", reference.paddedWidths());
            assertEquals(400 * 32 + 32 + 25 * 32 + 32 + 15 * 32 + 32, reference.paddedParams);
        }
        assertEquals(10575, reference.realParams);
    }

    @Test
    void theFusionSaysWhatRuns() {
        try (VectorCpuBackend vector = new VectorCpuBackend()) {
            TrainingStepsCase c = new TrainingStepsCase(100, 32, new int[] {400, 25, 15, 10}, REFERENCE_ACTS, 1);
            String expected = "Vector API, " + FusedKernels.L + " floats a vector, widths padded to "
                    + new FusedLayout(c.widths(), c.activations(), 32, FusedKernels.L).paddedWidths();
            assertEquals(expected, FusedSteps.fusion(wholeSteps(vector, c)).orElseThrow());
            TrainingStepsCase wide = new TrainingStepsCase(40, 8, new int[] {20, 300, 5},
                    new Activation[] {Activation.RELU, Activation.LINEAR}, 1);
            assertFalse(wide.fusedOn(vector), "300 units");
        }
    }

    private static clnn.backend.TrainingSteps wholeSteps(Backend b, TrainingStepsCase c) {
        float[] params = new float[c.shape().paramCount()];
        try (clnn.train.TrainingSession s = new clnn.train.TrainingSession(b, c.shape(), new Adam(), params,
                new clnn.data.Dataset(new float[c.rows() * c.widths()[0]], new int[c.rows()], c.widths()[0],
                        c.widths()[c.widths().length - 1], "zeros"), c.batch())) {
            return s.wholeSteps();
        }
    }

    @Test
    void thePaddingStaysZero() {
        int[] widths = {37, 9, 6, 4, 3};
        Activation[] acts = {Activation.SIGMOID, Activation.SIGMOID, Activation.SIGMOID, Activation.LINEAR};
        FusedLayout layout = new FusedLayout(widths, acts, 7, FusedKernels.L);
        FusedMlp e = new FusedMlp(layout);
        Random r = new Random(9);
        int rows = 30;
        float[] x = new float[rows * widths[0]];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        int[] labels = new int[rows];
        int[] index = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = r.nextInt(3);
            index[i] = rows - 1 - i;
        }
        float[] params = new float[layout.realParams];
        for (int i = 0; i < params.length; i++) params[i] = r.nextFloat() - 0.5f;
        int[] offsets = new int[layout.layers()];
        for (int l = 2; l <= layout.layers(); l++) {
            offsets[l - 1] = offsets[l - 2] + widths[l - 2] * widths[l - 1] + widths[l - 1];
        }
        e.load(params, new float[params.length], new float[params.length], offsets);
        e.steps(x, labels, index, new float[SoftmaxCrossEntropy.METRIC_COUNT], rows, 0, 5, 0, new Adam(0.01f));
        float[] padded = e.paddedParams();
        for (int l = 1; l <= layout.layers(); l++) {
            for (int k = 0; k <= widths[l - 1]; k++) { // the rows of W, then b
                for (int j = widths[l]; j < layout.pad[l]; j++) {
                    assertEquals(0f, padded[layout.weightAt[l] + k * layout.pad[l] + j], "layer " + l + " row " + k
                            + " lane " + j);
                }
            }
        }
        float[] back = new float[params.length];
        e.store(back, new float[params.length], new float[params.length], offsets);
        assertFalse(Arrays.equals(params, back), "the steps moved the parameters");
    }

    @Test
    void theWarmUpIsOnePerJvmBoundedAndAlone() throws InterruptedException {
        assertSame(FusedWarmUp.none(), CpuTwins.warmUpFusedSteps(new int[] {20, 300, 5},
                new Activation[] {Activation.RELU, Activation.LINEAR}, 32), "a network that does not fuse is not warmed");
        assertTrue(FusedWarmUp.none().finished());

        TrainingStepsCase c = TrainingStepsOp.INSTANCE.cases().get(0);
        FusedWarmUp w = CpuTwins.warmUpFusedSteps(new int[] {400, 25, 15, 10}, REFERENCE_ACTS, 32);
        assertSame(w, CpuTwins.warmUpFusedSteps(), "one warm-up per JVM");
        assertSame(w, FusedSteps.warmUpAsync(), "the first fused call, if any ran before, started the same one");
        float[] during;
        try (VectorCpuBackend vector = new VectorCpuBackend()) {
            during = c.run(vector);
        }
        assertTrue(w.await(FusedSteps.WARM_UP_MILLIS + 10_000, TimeUnit.MILLISECONDS), "the warm-up ends by itself");
        assertTrue(w.rounds() > 0, w.rounds() + " rounds");
        try (VectorCpuBackend vector = new VectorCpuBackend()) {
            assertArrayEquals(during, c.run(vector), "a warm-up shares nothing with a fit");
        }
    }

    private static DeviceFloats upload(Backend b, float[] host) {
        DeviceFloats d = b.allocFloats("t", host.length);
        b.upload(host, d);
        return d;
    }

    private static float[] download(Backend b, DeviceFloats d) {
        float[] h = new float[d.length()];
        b.download(d, h);
        return h;
    }
}
