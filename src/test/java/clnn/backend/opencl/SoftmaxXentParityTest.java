package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.CoversOps;
import clnn.backend.OpParity;
import clnn.backend.check.SoftmaxXentCase;
import clnn.backend.check.SoftmaxXentOp;
import org.junit.jupiter.api.Test;

/** softmax_xent: every case of {@link SoftmaxXentOp} on OpenCL against the reference. */
@CoversOps(ops = "softmax_xent", backends = OpenClBackend.class)
class SoftmaxXentParityTest {
    @Test
    void everyCaseMatchesTheReference() {
        int diverged = 0;
        try (OpenClBackend cl = OpenClDevices.open()) {
            for (SoftmaxXentCase c : SoftmaxXentOp.INSTANCE.cases()) {
                float[] actual = OpParity.assertCase(SoftmaxXentOp.INSTANCE, c, cl, "on " + cl.device().name());
                if (c.nanLogit()) {
                    // The divergence slot: rows counted before this batch (7) + 1.
                    assertEquals(8f, actual[actual.length - 1], c.toString());
                    diverged++;
                }
            }
        }
        assertEquals(3, diverged, "cases with a NaN logit");
        assertTrue(SoftmaxXentOp.INSTANCE.cases().size() >= 75, "cases: " + SoftmaxXentOp.INSTANCE.cases().size());
    }
}
