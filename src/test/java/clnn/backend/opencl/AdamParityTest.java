package clnn.backend.opencl;

import clnn.backend.CoversOps;
import clnn.backend.OpParity;
import clnn.check.AdamOp;
import org.junit.jupiter.api.Test;

/** adam: every case of {@link AdamOp} on OpenCL against the reference. */
@CoversOps(ops = "adam", backends = OpenClBackend.class)
class AdamParityTest {
    @Test
    void everyCaseMatchesTheReference() {
        try (OpenClBackend cl = OpenClDevices.open()) {
            OpParity.assertEveryCase(AdamOp.INSTANCE, cl, "on " + cl.device().name());
        }
    }
}
