package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.check.Seeded;
import clnn.Activation;
import clnn.Adam;
import clnn.DeviceException;
import clnn.Evaluation;
import clnn.FitOptions;
import clnn.History;
import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.data.Dataset;
import clnn.train.Inference;
import clnn.train.Trainer;
import clnn.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A data set's X larger than the device's largest single allocation is split by rows across
 * several buffers (ClRowChunks) and read through gather_rows.cl. The device's limit is lowered with
 * -Dclnn.opencl.maxAllocation (read when the backend is constructed) so that small data splits.
 * Gathering the rows first and then running the same kernel without a gather adds the same
 * products in the same order, so a split fit must equal the unsplit one bit for bit.
 */
class SplitRowsTest {
    /** Opens the test device as if its largest single allocation were {@code bytes}. */
    static OpenClBackend openWithMaxAllocation(long bytes) {
        ClDevice device = OpenClDevices.testDevice();
        String before = System.getProperty(OpenClBackend.MAX_ALLOCATION_PROPERTY);
        System.setProperty(OpenClBackend.MAX_ALLOCATION_PROPERTY, Long.toString(bytes));
        try {
            return OpenClBackend.open(device);
        } finally {
            if (before == null) System.clearProperty(OpenClBackend.MAX_ALLOCATION_PROPERTY);
            else System.setProperty(OpenClBackend.MAX_ALLOCATION_PROPERTY, before);
        }
    }

    /**
     * 3000 training rows of the digits (400 features, 1600 bytes a row) in 3 buffers of 1125, 1125
     * and 750 rows (1125 is not a multiple of the batch of 32, so batches straddle chunks), 1200
     * validation rows in 2 (1125, 75); Inference's scratch of 1024 rows (1.6 MB) still fits.
     */
    private static final long LIMIT = 1_800_000;

    @Test
    void aFitOverSplitDataEqualsTheUnsplitFitBitForBit() {
        Dataset all = TrainingParityTest.digits();
        Dataset train = all.select(IntStream.range(0, 3000).toArray(), "train");
        Dataset validation = all.select(IntStream.range(3000, 4200).toArray(), "validation");
        // Both per op: split data never runs the fused step kernel (checked below), so the unsplit fit must not either.
        FitOptions options = new FitOptions().epochs(2).batchSize(32).verbose(0).fusion(clnn.Fusion.OFF);
        float[] plainParams = TrainingParityTest.initial();
        float[] splitParams = TrainingParityTest.initial();
        History plain;
        History split;
        long plainLaunches;
        long splitLaunches;
        long plainSyncs;
        long splitSyncs;
        try (OpenClBackend whole = OpenClDevices.open(); OpenClBackend chunked = openWithMaxAllocation(LIMIT)) {
            assertEquals(LIMIT, chunked.maxAllocation());
            try (DeviceFloats x = chunked.allocRows("probe", train.rows(), train.features());
                 DeviceFloats v = chunked.allocRows("probe", validation.rows(), validation.features())) {
                assertEquals(3, assertInstanceOf(ClRowChunks.class, x).chunks(), "the training X is in 3 buffers");
                assertEquals(2, assertInstanceOf(ClRowChunks.class, v).chunks(), "the validation X is in 2 buffers");
                assertEquals(1125, ((ClRowChunks) x).rowsPerChunk);
            }
            long liveArrays = chunked.counters().liveArrays();
            long liveBytes = chunked.counters().liveBytes();
            long l0 = whole.counters().launches();
            long s0 = whole.counters().hostSyncs();
            plain = fit(whole, plainParams, train, validation, options);
            plainLaunches = whole.counters().launches() - l0;
            plainSyncs = whole.counters().hostSyncs() - s0;
            l0 = chunked.counters().launches();
            s0 = chunked.counters().hostSyncs();
            split = fit(chunked, splitParams, train, validation, options);
            splitLaunches = chunked.counters().launches() - l0;
            splitSyncs = chunked.counters().hostSyncs() - s0;
            assertEquals(liveArrays, chunked.counters().liveArrays(), "after the fit: no chunk or scratch left alive");
            assertEquals(liveBytes, chunked.counters().liveBytes(), "after the fit: no bytes left alive");
            assertEquals(0, chunked.preparedKernels(), "the gathers' kernels are released with the arrays");

            // Evaluation and predict through a split X (Inference): 3000 rows, chunks of 1024 rows.
            Evaluation evalWhole = Inference.evaluate(whole, TrainingParityTest.SHAPE, plainParams, train);
            Evaluation evalSplit = Inference.evaluate(chunked, TrainingParityTest.SHAPE, splitParams, train);
            assertEquals(evalWhole, evalSplit, "evaluation through a split X");
            float[] logitsWhole = Inference.logits(whole, TrainingParityTest.SHAPE, plainParams, train);
            float[] logitsSplit = Inference.logits(chunked, TrainingParityTest.SHAPE, splitParams, train);
            assertArrayEquals(logitsWhole, logitsSplit, "logits through a split X");
            History auto = fit(chunked, TrainingParityTest.initial(), train, null, new FitOptions().epochs(1).verbose(0));
            assertTrue(auto.stepPath().startsWith("unfused"), "split X under --fusion auto: " + auto.stepPath());
            assertEquals(liveArrays, chunked.counters().liveArrays(), "after evaluation: nothing left alive");
        }
        assertArrayEquals(plainParams, splitParams, "parameters after 2 epochs, split against whole");
        assertEquals(plain.size(), split.size());
        for (int e = 0; e < plain.size(); e++) {
            History.Epoch a = plain.epochs().get(e);
            History.Epoch b = split.epochs().get(e);
            assertEquals(a.loss(), b.loss(), "loss of epoch " + (e + 1));
            assertEquals(a.accuracy(), b.accuracy(), "accuracy of epoch " + (e + 1));
            assertTrue(a.hasValidation() && b.hasValidation());
            assertEquals(a.valLoss(), b.valLoss(), "val_loss of epoch " + (e + 1));
            assertEquals(a.valAccuracy(), b.valAccuracy(), "val_accuracy of epoch " + (e + 1));
            assertEquals(a.steps(), b.steps());
        }
        // One gather_rows launch per chunk before each gathered GEMM, nothing else: 94 steps x 2 gathered
        // GEMMs (forward and dW of layer 1) x 3 chunks, and per validation pass 2 chunks of rows x 2 buffers.
        assertEquals(2 * (94 * 2 * 3 + 2 * 2), splitLaunches - plainLaunches, "extra launches of the split fit");
        assertEquals(plainSyncs, splitSyncs, "the split adds no host sync");
    }

    private static History fit(Backend b, float[] params, Dataset train, Dataset validation, FitOptions o) {
        return new Trainer(b, TrainingParityTest.SHAPE, new Adam(0.001f)).fit(params, train, validation, o.plan(),
                TrainingListener.SILENT);
    }

    @Test
    void gatheredGemmsOverSplitRowsEqualThoseOverOneBuffer() {
        int rows = 60;
        int cols = 8;
        // 32 bytes a row: 15 rows a buffer, 4 buffers (15, 15, 15, 15); the batch of 11 rows crosses them.
        try (OpenClBackend whole = OpenClDevices.open(); OpenClBackend chunked = openWithMaxAllocation(15 * 32 + 31)) {
            Random r = new Random(7);
            float[] x = Seeded.uniform(r, rows * cols);
            int[] index = new int[3 + 11];
            int[] perm = Seeded.permutation(r, rows);
            System.arraycopy(perm, 0, index, 3, 11);
            float[] w = Seeded.uniform(r, cols * 5);
            float[] bias = Seeded.uniform(r, 5);
            float[] dz = Seeded.uniform(r, 11 * 5);
            float[] nnSplit = null;
            // Every kernel the launcher can pick (the policy's, each fixed kernel, a gemm_blocked configuration
            // of each list), on both sides: the split reads the same numbers whichever runs.
            List<Runnable> forcings = new ArrayList<>();
            forcings.add(() -> { });
            for (String k : List.of(GemmLauncher.SIMPLE, GemmLauncher.TILED, GemmLauncher.ROWVEC, GemmLauncher.COLVEC)) {
                forcings.add(() -> {
                    whole.forceGemmKernel(k);
                    chunked.forceGemmKernel(k);
                });
            }
            for (GemmConfig c : List.of(GemmConfig.CPU.get(0), GemmConfig.GPU.get(0))) {
                forcings.add(() -> {
                    whole.forceGemmConfig(c);
                    chunked.forceGemmConfig(c);
                });
            }
            for (int f = 0; f < forcings.size(); f++) {
                forcings.get(f).run();
                float[] nnWhole = run(whole, x, rows, cols, index, w, bias, dz, false);
                nnSplit = run(chunked, x, rows, cols, index, w, bias, dz, false);
                assertArrayEquals(nnWhole, nnSplit, "NN, bias + relu, gathered; forcing " + f);
                float[] tnWhole = run(whole, x, rows, cols, index, w, bias, dz, true);
                float[] tnSplit = run(chunked, x, rows, cols, index, w, bias, dz, true);
                assertArrayEquals(tnWhole, tnSplit, "TN, bias gradient, gathered; forcing " + f);
            }
            // Against the definition too, so both cannot be wrong together.
            for (int i = 0; i < 11; i++) {
                for (int j = 0; j < 5; j++) {
                    float acc = 0;
                    for (int p = 0; p < cols; p++) acc += x[perm[i] * cols + p] * w[p * 5 + j];
                    assertEquals(Math.max(0f, acc + bias[j]), nnSplit[i * 5 + j], 1e-4f, "(" + i + "," + j + ")");
                }
            }
        }
    }

    /** One gathered GEMM (NN forward with bias + relu, or TN dW with the bias gradient) at index offset 3. */
    private static float[] run(OpenClBackend b, float[] xHost, int rows, int cols, int[] indexHost, float[] w,
                               float[] bias, float[] dz, boolean tn) {
        try (DeviceFloats x = b.allocRows("x", rows, cols); DeviceInts index = b.allocInts("index", indexHost.length);
             DeviceFloats wd = b.allocFloats("w", w.length); DeviceFloats bd = b.allocFloats("bias", bias.length);
             DeviceFloats dzd = b.allocFloats("dz", dz.length); DeviceFloats c = b.allocFloats("c", Math.max(11, cols) * 5)) {
            assertEquals(b.maxAllocation() < 4L * rows * cols, x instanceof ClRowChunks);
            b.upload(xHost, x);
            b.upload(indexHost, index);
            b.upload(w, wd);
            b.upload(bias, bd);
            b.upload(dz, dzd);
            b.fill(c, 0f);
            Gemm g = tn
                    ? new Gemm(true, false, cols, 5, 11, new Operand(x, 0, cols), index, new Operand(dzd, 0, 5),
                            new Operand(c, 0, 5), new Epilogue.BiasGradient(Operand.vector(bd, 0)))
                    : new Gemm(false, false, 11, 5, cols, new Operand(x, 0, cols), index, new Operand(wd, 0, 5),
                            new Operand(c, 0, 5), new Epilogue.BiasActivation(Operand.vector(bd, 0), Activation.RELU));
            b.gemm(g, 3);
            b.gemm(g, 3); // a second launch of the prepared call: the same result
            float[] out = new float[tn ? cols * 5 + 5 : 11 * 5];
            float[] cOut = new float[Math.max(11, cols) * 5];
            b.download(c, cOut);
            System.arraycopy(cOut, 0, out, 0, tn ? cols * 5 : 11 * 5);
            if (tn) {
                float[] sums = new float[5];
                b.download(bd, sums);
                System.arraycopy(sums, 0, out, cols * 5, 5);
            }
            return out;
        }
    }

    @Test
    void aSplitArrayRoundTripsWithRowsNotDividingEvenly() {
        // 23 rows of 5 floats (20 bytes): 7 rows a buffer, 4 buffers of 7, 7, 7 and 2 rows.
        try (OpenClBackend b = openWithMaxAllocation(7 * 20 + 13);
             DeviceFloats x = b.allocRows("x", 23, 5)) {
            ClRowChunks split = assertInstanceOf(ClRowChunks.class, x);
            assertEquals(4, split.chunks());
            assertEquals(2, split.rowsIn(3));
            assertEquals(23 * 5, x.length());
            float[] host = Seeded.uniform(new Random(3), 23 * 5);
            b.upload(host, x);
            float[] back = new float[23 * 5];
            b.download(x, back);
            assertArrayEquals(host, back, "upload then download");
            float[] head = new float[40]; // a prefix ending inside the second buffer
            b.download(x, head);
            assertArrayEquals(java.util.Arrays.copyOf(host, 40), head, "a prefix");
            b.fill(x, 2.5f);
            b.download(x, back);
            for (float v : back) assertEquals(2.5f, v);
        }
    }

    @Test
    void countersReturnToTheirValuesWhenSplitArraysClose() {
        try (OpenClBackend b = openWithMaxAllocation(100)) {
            long arrays = b.counters().liveArrays();
            long bytes = b.counters().liveBytes();
            DeviceFloats x = b.allocRows("x", 50, 4); // 16 bytes a row, 6 rows a buffer: 9 buffers
            assertEquals(9, ((ClRowChunks) x).chunks());
            assertEquals(arrays + 1, b.counters().liveArrays(), "a split array counts as one array");
            assertEquals(bytes + 50 * 4 * 4, b.counters().liveBytes(), "of all its bytes");
            try (DeviceInts index = b.allocInts("index", 3); DeviceFloats w = b.allocFloats("w", 4);
                 DeviceFloats c = b.allocFloats("c", 3)) {
                b.upload(new int[] {49, 0, 17}, index);
                b.upload(new float[50 * 4], x);
                b.upload(new float[] {1, 2, 3, 4}, w);
                b.gemm(new Gemm(false, false, 3, 1, 4, new Operand(x, 0, 4), index, new Operand(w, 0, 1),
                        new Operand(c, 0, 1), Epilogue.NONE), 0);
                b.finish();
                assertEquals(arrays + 5, b.counters().liveArrays(), "x, index, w, c and the gathered rows' scratch");
            }
            x.close();
            assertEquals(arrays, b.counters().liveArrays(), "the chunks and the scratch are released");
            assertEquals(bytes, b.counters().liveBytes());
            assertEquals(0, b.preparedKernels());
            x.close(); // closing twice is harmless
            assertEquals(arrays, b.counters().liveArrays());
            DeviceFloats y = b.allocRows("y", 40, 4);
            b.close(); // the backend's close frees what is still open
            assertEquals(0, b.counters().liveArrays());
            assertEquals(0, b.counters().liveBytes());
            y.close();
        }
    }

    @Test
    void aSplitArrayIsRefusedAnywhereButAsAGatheredA() {
        try (OpenClBackend b = openWithMaxAllocation(100);
             DeviceFloats x = b.allocRows("big.x", 50, 4);
             DeviceFloats small = b.allocFloats("small", 20);
             DeviceInts index = b.allocInts("index", 4)) {
            assertInstanceOf(ClRowChunks.class, x);
            Function<Gemm, String> refused = g -> assertThrows(IllegalArgumentException.class, () -> b.gemm(g, 0)).getMessage();
            Operand xs = new Operand(x, 0, 4);
            Operand s = new Operand(small, 0, 4);
            String m = refused.apply(new Gemm(false, false, 4, 4, 4, xs, null, s, s, Epilogue.NONE));
            assertTrue(m.contains("'big.x'") && m.contains("without a row gather"), m);
            m = refused.apply(new Gemm(false, false, 4, 4, 4, s, null, xs, s, Epilogue.NONE));
            assertTrue(m.contains("'big.x'") && m.contains("the B of a GEMM"), m);
            m = refused.apply(new Gemm(false, false, 4, 4, 4, s, null, s, xs, Epilogue.NONE));
            assertTrue(m.contains("'big.x'") && m.contains("the C of a GEMM"), m);
            m = refused.apply(new Gemm(false, false, 4, 4, 3, new Operand(x, 1, 4), index, s, s, Epilogue.NONE));
            assertTrue(m.contains("'big.x'") && m.contains("offset 1"), m);
            m = assertThrows(IllegalArgumentException.class, () -> b.softmaxCrossEntropy(new SoftmaxCrossEntropy(
                    xs, 4, 4, index, null, null, small), 0)).getMessage();
            assertTrue(m.contains("'big.x'") && m.contains("softmax_cross_entropy"), m);
            assertEquals(0, b.preparedKernels(), "nothing was prepared for a refused call");
        }
    }

    @Test
    void onlyTheTotalOfASplitArrayMustFitAndOtherBuffersKeepTheLimit() {
        try (OpenClBackend b = openWithMaxAllocation(100)) {
            DeviceException e = assertThrows(DeviceException.class, () -> b.allocFloats("params", 26));
            assertTrue(e.getMessage().contains("'params'") && e.getMessage().contains("largest single allocation (100 B)"),
                    e.getMessage());
            e = assertThrows(DeviceException.class, () -> b.allocRows("wide.x", 3, 26));
            assertTrue(e.getMessage().contains("'wide.x'") && e.getMessage().contains("one row of its 26 columns"),
                    e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
            try (DeviceFloats fits = b.allocRows("fits", 5, 5)) {
                assertTrue(!(fits instanceof ClRowChunks), "an array within the limit is one plain buffer");
            }
        }
        ClDevice device = OpenClDevices.testDevice();
        try (OpenClBackend b = openWithMaxAllocation(Long.MAX_VALUE)) {
            assertEquals(device.maxAllocation(), b.maxAllocation(), "the property never raises the device's limit");
        }
        String before = System.getProperty(OpenClBackend.MAX_ALLOCATION_PROPERTY);
        System.setProperty(OpenClBackend.MAX_ALLOCATION_PROPERTY, "lots");
        try {
            DeviceException e = assertThrows(DeviceException.class, () -> OpenClBackend.open(device));
            assertTrue(e.getMessage().contains("clnn.opencl.maxAllocation=lots"), e.getMessage());
        } finally {
            if (before == null) System.clearProperty(OpenClBackend.MAX_ALLOCATION_PROPERTY);
            else System.setProperty(OpenClBackend.MAX_ALLOCATION_PROPERTY, before);
        }
    }

    @Test
    void theDefaultAllocRowsIsOnePlainArray() {
        try (Backend cpu = new clnn.backend.cpu.CpuBackend(); DeviceFloats x = cpu.allocRows("x", 7, 3)) {
            assertEquals(21, x.length());
            assertThrows(IllegalArgumentException.class, () -> cpu.allocRows("x", 1 << 20, 1 << 12));
        }
    }
}
