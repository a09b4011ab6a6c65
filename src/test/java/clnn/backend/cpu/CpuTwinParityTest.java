package clnn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.Backend;
import clnn.backend.Backends;
import clnn.backend.CoversOps;
import clnn.backend.OpParity;
import clnn.check.OpDescription;
import clnn.check.Ops;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CPU twins (auto-vectorised, Vector API) against the reference, on every case of every op. */
@CoversOps(ops = {"gemm", "softmax_cross_entropy", "adam", "dense_tail", "train_steps"}, backends = {FastCpuBackend.class,
    VectorCpuBackend.class})
class CpuTwinParityTest {
    static Stream<Arguments> twinsAndOps() {
        Stream.Builder<Arguments> out = Stream.builder();
        List<Named<Supplier<Backend>>> twins = List.of(Named.of("FastCpuBackend", FastCpuBackend::new),
                Named.of("VectorCpuBackend", VectorCpuBackend::new));
        for (Named<Supplier<Backend>> twin : twins) {
            for (OpDescription<?> op : Ops.all()) out.add(Arguments.of(twin, Named.of(op.name(), op)));
        }
        return out.build();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("twinsAndOps")
    void everyCaseMatchesTheReference(Supplier<Backend> twin, OpDescription<?> op) {
        int compared;
        try (Backend fast = twin.get()) {
            compared = OpParity.assertEveryCase(op, fast, "on " + fast.description());
            assertEquals(0, fast.counters().liveArrays(), "every test array was closed");
        }
        assertTrue(compared >= 7, op.name() + " compared " + compared + " cases");
    }

    @Test
    void theTestJvmHasTheVectorApiSoBothTwinsAreChecked() {
        assertTrue(Backends.vectorApiAvailable(), "surefire runs with --add-modules jdk.incubator.vector");
        try (Backend cpu = Backends.cpu()) {
            assertTrue(cpu instanceof VectorCpuBackend, cpu.description());
        }
    }
}
