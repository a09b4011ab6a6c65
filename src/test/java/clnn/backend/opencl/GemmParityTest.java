package clnn.backend.opencl;

import static clnn.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.check.GemmCase;
import clnn.backend.check.GemmCases;
import clnn.backend.check.Tolerances;
import clnn.backend.cpu.CpuBackend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every GEMM case (all transposes, epilogues, gathers, odd and reference shapes) on OpenCL against
 * the reference, once per kernel of gemm.cl: the device's policy picks one kernel per shape, so
 * each is forced in turn to make sure all of them are checked on whatever device runs the tests.
 */
@CoversOps("gemm")
class GemmParityTest {
    @ParameterizedTest
    @ValueSource(strings = {GemmLauncher.SIMPLE, GemmLauncher.TILED, GemmLauncher.ROWVEC, GemmLauncher.COLVEC})
    void everyCaseMatchesTheReference(String kernel) {
        List<GemmCase> cases = GemmCases.all();
        int compared = 0;
        try (CpuBackend reference = new CpuBackend(); OpenClBackend cl = OpenClDevices.open()) {
            cl.forceGemmKernel(kernel);
            for (GemmCase c : cases) {
                assertClose(c + " with " + kernel + " on " + cl.device().name(), c.run(reference), c.run(cl),
                        Tolerances.GEMM_ABS, Tolerances.GEMM_REL);
                compared++;
            }
            assertEquals(1, cl.counters().liveArrays(), "only the backend's own placeholder is left");
        }
        assertEquals(cases.size(), compared);
        assertTrue(compared > 200, "compared " + compared);
    }
}
