package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import clnn.backend.CoversOps;
import clnn.backend.OpParity;
import clnn.check.TrainingStepsOp;
import org.junit.jupiter.api.Test;

/**
 * train_steps on OpenCL: an epoch of whole steps (in two calls) against the per-op definition on the reference, on
 * every case of {@link TrainingStepsOp}: the parameters, Adam's moments and the epoch's metrics.
 */
@CoversOps(ops = "train_steps", backends = OpenClBackend.class)
class TrainingStepsParityTest {
    @Test
    void everyCaseMatchesTheReference() {
        try (OpenClBackend cl = OpenClDevices.open()) {
            int compared = OpParity.assertEveryCase(TrainingStepsOp.INSTANCE, cl, "on " + cl.device().name());
            assertEquals(TrainingStepsOp.INSTANCE.cases().size(), compared);
        }
    }
}
