package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.CoversOps;
import clnn.backend.OpParity;
import clnn.check.SoftmaxCrossEntropyCase;
import clnn.check.SoftmaxCrossEntropyOp;
import org.junit.jupiter.api.Test;

/** softmax_cross_entropy: every case of {@link SoftmaxCrossEntropyOp} on OpenCL against the reference. */
@CoversOps(ops = "softmax_cross_entropy", backends = OpenClBackend.class)
class SoftmaxCrossEntropyParityTest {
    @Test
    void everyCaseMatchesTheReference() {
        int diverged = 0;
        try (OpenClBackend cl = OpenClDevices.open()) {
            for (SoftmaxCrossEntropyCase c : SoftmaxCrossEntropyOp.INSTANCE.cases()) {
                float[] actual = OpParity.assertCase(SoftmaxCrossEntropyOp.INSTANCE, c, cl, "on " + cl.device().name());
                if (c.nanLogit()) {
                    // The divergence slot: rows counted before this batch (7) + 1.
                    assertEquals(8f, actual[actual.length - 1], c.toString());
                    diverged++;
                }
            }
        }
        assertEquals(3, diverged, "cases with a NaN logit");
        assertTrue(SoftmaxCrossEntropyOp.INSTANCE.cases().size() >= 75, "cases: " + SoftmaxCrossEntropyOp.INSTANCE.cases().size());
    }
}
