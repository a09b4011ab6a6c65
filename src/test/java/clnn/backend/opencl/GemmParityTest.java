package clnn.backend.opencl;

import static clnn.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.check.Tolerances;
import clnn.backend.check.GemmCase;
import clnn.backend.check.GemmCases;
import clnn.backend.cpu.CpuBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every GEMM case (all transposes, epilogues, gathers, odd and reference shapes) on OpenCL against the reference. */
@CoversOps("gemm")
class GemmParityTest {
    @Test
    void everyCaseMatchesTheReference() {
        List<GemmCase> cases = GemmCases.all();
        int compared = 0;
        int tiled = 0;
        try (CpuBackend reference = new CpuBackend(); OpenClBackend cl = OpenClDevices.open()) {
            for (GemmCase c : cases) {
                assertClose(c + " on " + cl.device().name(), c.run(reference), c.run(cl), Tolerances.GEMM_ABS,
                        Tolerances.GEMM_REL);
                compared++;
                if (c.m() >= GemmLauncher.TS && c.n() >= GemmLauncher.TS && c.k() >= GemmLauncher.TS) tiled++;
            }
            assertEquals(1, cl.counters().liveArrays(), "only the backend's own placeholder is left");
        }
        assertEquals(cases.size(), compared);
        assertTrue(tiled > 20 && compared - tiled > 20, "both kernels exercised: " + tiled + " tiled of " + compared);
    }
}
