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
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CPU twins (auto-vectorised, Vector API) against the reference, on every GEMM case and on Adam. */
class FastCpuBackendTest {
    static Stream<Supplier<Backend>> twins() {
        return Stream.of(FastCpuBackend::new, VectorCpuBackend::new);
    }

    @ParameterizedTest
    @MethodSource("twins")
    void everyGemmCaseMatchesTheReference(Supplier<Backend> twin) {
        List<GemmCase> cases = GemmCases.all();
        int compared = 0;
        try (CpuBackend reference = new CpuBackend(); Backend fast = twin.get()) {
            for (GemmCase c : cases) {
                assertClose(c + " on " + fast.description(), c.run(reference), c.run(fast), Tolerances.GEMM_ABS,
                        Tolerances.GEMM_REL);
                compared++;
            }
            for (int count : new int[] {1, 17, 10_575}) {
                AdamCase c = new AdamCase(count, 3, count);
                assertClose(c + " on " + fast.description(), c.run(reference), c.run(fast), Tolerances.ADAM_ABS,
                        Tolerances.ADAM_REL);
            }
            assertEquals(0, fast.counters().liveArrays(), "every test array was closed");
        }
        // Guard against the case list silently shrinking.
        assertEquals(cases.size(), compared);
        assertTrue(compared > 200, "compared " + compared + " cases");
    }

    @Test
    void theTestJvmHasTheVectorApiSoBothTwinsAreChecked() {
        assertTrue(Backends.vectorApiAvailable(), "surefire runs with --add-modules jdk.incubator.vector");
        try (Backend cpu = Backends.cpu()) {
            assertTrue(cpu instanceof VectorCpuBackend, cpu.description());
        }
    }
}
