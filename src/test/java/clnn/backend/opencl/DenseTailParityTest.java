package clnn.backend.opencl;

import static clnn.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.check.DenseTailCase;
import clnn.backend.check.Tolerances;
import clnn.backend.cpu.CpuBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused tail kernel against its definition (the reference running the same GEMMs and softmax one
 * by one): every tail activation and gradient, dZ of the layer below, every parameter gradient and the
 * metrics, for tails of 1 to 3 layers, odd widths, 1 to 33 rows.
 */
@CoversOps("denseTail")
class DenseTailParityTest {
    @Test
    void everyCaseMatchesTheReference() {
        List<DenseTailCase> cases = DenseTailCase.all();
        int fused = 0;
        try (CpuBackend reference = new CpuBackend(); OpenClBackend cl = OpenClDevices.open()) {
            for (DenseTailCase c : cases) {
                long before = cl.counters().launches();
                assertClose(c + " on " + cl.device().name(), c.run(reference), c.run(cl), Tolerances.GEMM_ABS,
                        Tolerances.GEMM_REL);
                if (cl.counters().launches() - before == 1) fused++;
            }
        }
        assertEquals(cases.size(), fused, "every case ran as one fused launch");
        assertTrue(cases.size() >= 60, "cases: " + cases.size());
    }
}
