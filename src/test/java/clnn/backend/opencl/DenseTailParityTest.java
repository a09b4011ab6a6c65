package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.CoversOps;
import clnn.backend.OpParity;
import clnn.check.DenseTailCase;
import clnn.check.DenseTailOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * dense_tail: the fused kernel against its definition (the reference running the same GEMMs and
 * softmax one by one), on every case of {@link DenseTailOp}: every tail activation and gradient, dZ
 * of the layer below, every parameter gradient and the metrics, for tails of 1 to 3 layers, odd
 * widths, 1 to 33 rows.
 */
@CoversOps(ops = "dense_tail", backends = OpenClBackend.class)
class DenseTailParityTest {
    @Test
    void everyCaseMatchesTheReference() {
        List<DenseTailCase> cases = DenseTailOp.INSTANCE.cases();
        int fused = 0;
        try (OpenClBackend cl = OpenClDevices.open()) {
            for (DenseTailCase c : cases) {
                long before = cl.counters().launches();
                OpParity.assertCase(DenseTailOp.INSTANCE, c, cl, "on " + cl.device().name());
                if (cl.counters().launches() - before == 1) fused++;
            }
        }
        assertEquals(cases.size(), fused, "every case ran as one fused launch");
        assertTrue(cases.size() >= 60, "cases: " + cases.size());
    }
}
