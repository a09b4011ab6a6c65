package clnn.backend.opencl;

import static clnn.Close.assertClose;

import clnn.backend.check.Tolerances;
import clnn.backend.check.AdamCase;
import clnn.backend.check.SoftmaxCase;
import clnn.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** The softmax cross-entropy and Adam kernels, and the data movement ops, against the reference. */
@CoversOps({"softmaxCrossEntropy", "adam", "upload", "download", "fill", "allocFloats", "allocInts", "finish"})
class SoftmaxAdamParityTest {
    @Test
    void softmaxCrossEntropyMatches() {
        int[][] shapes = {{1, 1}, {1, 10}, {3, 2}, {17, 10}, {32, 10}, {33, 7}, {257, 10}, {1024, 10}, {8, 100}};
        long seed = 1;
        try (CpuBackend reference = new CpuBackend(); OpenClBackend cl = OpenClDevices.open()) {
            for (int[] s : shapes) {
                for (boolean gather : new boolean[] {false, true}) {
                    for (boolean grad : new boolean[] {false, true}) {
                        for (float scale : new float[] {1f, 30f}) {
                            SoftmaxCase c = new SoftmaxCase(s[0], s[1], gather, grad, scale, seed++);
                            // The loss sum adds up to 1024 row losses of size up to ~60: allow for its size.
                            assertClose(c.toString(), c.run(reference), c.run(cl), Tolerances.SOFTMAX_ABS * s[0],
                                    Tolerances.SOFTMAX_REL);
                        }
                    }
                }
            }
            for (int rows : new int[] {1, 32, 300}) {
                SoftmaxCase c = new SoftmaxCase(rows, 10, true, true, 1f, seed++, true);
                float[] expected = c.run(reference);
                assertClose(c.toString(), expected, c.run(cl), Tolerances.SOFTMAX_ABS * rows, Tolerances.SOFTMAX_REL);
                // The divergence slot: rows counted before this batch (7) + 1.
                org.junit.jupiter.api.Assertions.assertEquals(8f, expected[expected.length - 1], c.toString());
            }
            cl.finish();
        }
    }

    @Test
    void adamMatches() {
        try (CpuBackend reference = new CpuBackend(); OpenClBackend cl = OpenClDevices.open()) {
            for (int count : new int[] {1, 3, 63, 64, 65, 1000, 10_575}) {
                AdamCase c = new AdamCase(count, 5, count);
                assertClose(c.toString(), c.run(reference), c.run(cl), Tolerances.ADAM_ABS, Tolerances.ADAM_REL);
            }
        }
    }
}
