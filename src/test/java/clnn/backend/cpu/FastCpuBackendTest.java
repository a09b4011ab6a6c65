package clnn.backend.cpu;

import static clnn.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.check.Tolerances;
import clnn.backend.check.GemmCase;
import clnn.backend.check.GemmCases;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast CPU twin against the reference, on every GEMM case (it overrides only gemm). */
class FastCpuBackendTest {
    @Test
    void everyGemmCaseMatchesTheReference() {
        List<GemmCase> cases = GemmCases.all();
        int compared = 0;
        try (CpuBackend reference = new CpuBackend(); FastCpuBackend fast = new FastCpuBackend()) {
            for (GemmCase c : cases) {
                assertClose(c.toString(), c.run(reference), c.run(fast), Tolerances.GEMM_ABS, Tolerances.GEMM_REL);
                compared++;
            }
            assertEquals(0, fast.counters().liveArrays(), "every test array was closed");
        }
        // Guard against the case list silently shrinking.
        assertEquals(cases.size(), compared);
        assertTrue(compared > 200, "compared " + compared + " cases");
    }
}
