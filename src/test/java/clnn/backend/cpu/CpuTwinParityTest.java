package clnn.backend.cpu;

import static clnn.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.Backend;
import clnn.backend.BackendCounters;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.check.AdamCase;
import clnn.backend.check.DenseTailCase;
import clnn.backend.check.GemmCases;
import clnn.backend.check.SoftmaxCase;
import clnn.backend.check.Tolerances;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CPU twins against the reference on every Backend method FastCpuBackendTest does not cover:
 * softmax, the dense tail, the memory plumbing, the counters and closing. GEMM and Adam are in
 * FastCpuBackendTest; CpuTwinCompletenessTest checks that together they name every method.
 */
class CpuTwinParityTest {
    @ParameterizedTest
    @MethodSource("clnn.backend.cpu.Twins#all")
    @ComparesOps("softmaxCrossEntropy")
    void softmaxMatchesTheReference(CpuTwins.Choice twin) {
        int[][] shapes = {{1, 1}, {1, 10}, {3, 2}, {17, 10}, {32, 10}, {33, 7}, {257, 10}, {8, 100}};
        long seed = 1;
        int compared = 0;
        try (CpuBackend reference = new CpuBackend(); Backend fast = CpuTwins.open(twin)) {
            for (int[] s : shapes) {
                for (boolean gather : new boolean[] {false, true}) {
                    for (boolean grad : new boolean[] {false, true}) {
                        for (float scale : new float[] {1f, 30f}) {
                            SoftmaxCase c = new SoftmaxCase(s[0], s[1], gather, grad, scale, seed++);
                            assertClose(c + " on " + fast.description(), c.run(reference), c.run(fast),
                                    Tolerances.SOFTMAX_ABS * s[0], Tolerances.SOFTMAX_REL);
                            compared++;
                        }
                    }
                }
            }
            for (int rows : new int[] {1, 32, 300}) {
                SoftmaxCase c = new SoftmaxCase(rows, 10, true, true, 1f, seed++, true);
                float[] expected = c.run(reference);
                float[] actual = c.run(fast);
                assertClose(c + " on " + fast.description(), expected, actual, Tolerances.SOFTMAX_ABS * rows,
                        Tolerances.SOFTMAX_REL);
                // The divergence slot: rows counted before this batch (7) + 1.
                assertEquals(8f, actual[actual.length - 1], c.toString());
                compared++;
            }
        }
        assertEquals(shapes.length * 8 + 3, compared);
    }

    @ParameterizedTest
    @MethodSource("clnn.backend.cpu.Twins#all")
    @ComparesOps("denseTail")
    void denseTailMatchesTheReference(CpuTwins.Choice twin) {
        List<DenseTailCase> cases = DenseTailCase.all();
        int compared = 0;
        try (CpuBackend reference = new CpuBackend(); Backend fast = CpuTwins.open(twin)) {
            for (DenseTailCase c : cases) {
                assertClose(c + " on " + fast.description(), c.run(reference), c.run(fast), Tolerances.GEMM_ABS,
                        Tolerances.GEMM_REL);
                compared++;
            }
        }
        assertEquals(cases.size(), compared);
        assertTrue(compared >= 60, "compared " + compared + " cases");
    }

    /** Memory is not math: the twins must hold exactly what the reference holds, bit for bit. */
    @ParameterizedTest
    @MethodSource("clnn.backend.cpu.Twins#all")
    @ComparesOps({"allocFloats", "allocInts", "upload", "download", "fill"})
    void memoryHoldsWhatTheReferenceHolds(CpuTwins.Choice twin) {
        Random r = new Random(7);
        int compared = 0;
        try (CpuBackend reference = new CpuBackend(); Backend fast = CpuTwins.open(twin)) {
            for (int length : new int[] {0, 1, 17, 1000}) {
                float[] values = new float[length];
                int[] ints = new int[length];
                for (int i = 0; i < length; i++) {
                    values[i] = r.nextFloat() * 2 - 1;
                    ints[i] = r.nextInt();
                }
                if (length > 2) values[1] = Float.NaN;
                float[][] got = new float[2][];
                int i = 0;
                for (Backend b : new Backend[] {reference, fast}) {
                    try (DeviceFloats f = b.allocFloats("f" + length, length);
                         DeviceInts n = b.allocInts("n" + length, length)) {
                        assertEquals(length, f.length());
                        assertEquals(length, n.length());
                        assertEquals("f" + length, f.name());
                        b.upload(values, f);
                        b.upload(ints, n);
                        assertArrayEquals(ints, CpuArrays.data(n), "upload(int[]) on " + b.description());
                        float[] down = new float[length];
                        b.download(f, down);
                        assertArrayEquals(values, down, "upload then download on " + b.description());
                        b.fill(f, -0.5f);
                        got[i++] = new float[length];
                        b.download(f, got[i - 1]);
                    }
                }
                assertArrayEquals(got[0], got[1], "fill on " + fast.description());
                compared++;
            }
        }
        assertEquals(4, compared);
    }

    /** The same calls count the same launches, host syncs and live arrays, and closing frees everything. */
    @ParameterizedTest
    @MethodSource("clnn.backend.cpu.Twins#all")
    @ComparesOps({"counters", "finish", "close", "description"})
    void countersAndCloseMatchTheReference(CpuTwins.Choice twin) {
        CpuBackend reference = new CpuBackend();
        Backend fast = CpuTwins.open(twin);
        assertNotEquals(reference.description(), fast.description(), "a twin names itself");
        assertTrue(fast.description().startsWith("CPU"), fast.description());
        for (Backend b : new Backend[] {reference, fast}) {
            GemmCases.all().get(5).run(b);
            new SoftmaxCase(9, 4, true, true, 1f, 3).run(b);
            new AdamCase(33, 2, 1).run(b);
            DenseTailCase.all().get(3).run(b);
            b.finish();
            b.allocFloats("left open", 11);
            b.allocInts("left open too", 3);
        }
        assertSame(reference.counters(), fast.counters(), "after the same calls");
        assertEquals(2, fast.counters().liveArrays());
        reference.close();
        fast.close();
        fast.close();
        assertEquals(0, fast.counters().liveArrays(), "close frees every array still alive");
        assertEquals(0, fast.counters().liveBytes());
        assertSame(reference.counters(), fast.counters(), "after close");
    }

    private static void assertSame(BackendCounters expected, BackendCounters actual, String when) {
        assertEquals(expected.launches(), actual.launches(), "launches " + when);
        assertEquals(expected.hostSyncs(), actual.hostSyncs(), "host syncs " + when);
        assertEquals(expected.liveArrays(), actual.liveArrays(), "live arrays " + when);
        assertEquals(expected.liveBytes(), actual.liveBytes(), "live bytes " + when);
    }
}
