package clnn.backend.cpu;

import static clnn.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.Backend;
import clnn.backend.Backends;
import clnn.backend.check.AdamCase;
import clnn.backend.check.GemmCase;
import clnn.backend.check.GemmCases;
import clnn.backend.check.Tolerances;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CPU twins (auto-vectorised, Vector API) against the reference, on every GEMM case and on Adam. */
class FastCpuBackendTest {
    @ParameterizedTest
    @MethodSource("clnn.backend.cpu.Twins#all")
    @ComparesOps("gemm")
    void everyGemmCaseMatchesTheReference(CpuTwins.Choice twin) {
        List<GemmCase> cases = GemmCases.all();
        int compared = 0;
        try (CpuBackend reference = new CpuBackend(); Backend fast = CpuTwins.open(twin)) {
            for (GemmCase c : cases) {
                assertClose(c + " on " + fast.description(), c.run(reference), c.run(fast), Tolerances.GEMM_ABS,
                        Tolerances.GEMM_REL);
                compared++;
            }
            assertEquals(0, fast.counters().liveArrays(), "every test array was closed");
        }
        // Guard against the case list silently shrinking.
        assertEquals(cases.size(), compared);
        assertTrue(compared > 200, "compared " + compared + " cases");
    }

    @ParameterizedTest
    @MethodSource("clnn.backend.cpu.Twins#all")
    @ComparesOps("adam")
    void adamMatchesTheReference(CpuTwins.Choice twin) {
        int compared = 0;
        try (CpuBackend reference = new CpuBackend(); Backend fast = CpuTwins.open(twin)) {
            // 1, a vector's tail, and the reference network's 10 575 parameters.
            for (int count : new int[] {1, 17, 10_575}) {
                AdamCase c = new AdamCase(count, 3, count);
                assertClose(c + " on " + fast.description(), c.run(reference), c.run(fast), Tolerances.ADAM_ABS,
                        Tolerances.ADAM_REL);
                compared++;
            }
        }
        assertEquals(3, compared);
    }

    @Test
    void theTestJvmHasTheVectorApiSoBothTwinsAreChecked() {
        assertTrue(Backends.vectorApiAvailable(), "surefire runs with --add-modules jdk.incubator.vector");
        try (Backend cpu = Backends.cpu()) {
            assertTrue(cpu instanceof VectorCpuBackend, cpu.description());
        }
    }
}
