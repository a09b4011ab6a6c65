package clnn.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import clnn.check.Comparison;
import clnn.check.OpCase;
import clnn.check.OpDescription;
import clnn.check.Tolerance;
import clnn.backend.cpu.CpuBackend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How every parity test runs an op's case list: each case on the backend under test against the
 * reference's result (computed once per test JVM and kept, since several kernels and twins are
 * checked on the same cases), within the op's own tolerance; a failure names the case, the
 * backend, the first mismatches and the tolerance's reason.
 */
public final class OpParity {
    private static final Map<OpCase, float[]> EXPECTED = new ConcurrentHashMap<>();

    private OpParity() {
    }

    /** The reference backend's result for the case. */
    public static float[] expected(OpCase c) {
        return EXPECTED.computeIfAbsent(c, k -> {
            try (CpuBackend reference = new CpuBackend()) {
                return k.run(reference);
            }
        }).clone();
    }

    /** One case on {@code test} against the reference; returns the backend's result. */
    public static <C extends OpCase> float[] assertCase(OpDescription<C> op, C c, Backend test, String on) {
        float[] actual = c.run(test);
        Tolerance tol = op.tolerance(c);
        Comparison cmp = tol.compare(expected(c), actual);
        if (!cmp.ok()) fail(cmp.describe(op.name() + " " + c + " " + on, tol.abs(), tol.rel()) + " (" + tol.reason() + ")");
        return actual;
    }

    /** Every case of the op on {@code test}; asserts that all of them were compared. */
    public static <C extends OpCase> int assertEveryCase(OpDescription<C> op, Backend test, String on) {
        int compared = 0;
        for (C c : op.cases()) {
            assertCase(op, c, test, on);
            compared++;
        }
        assertEquals(op.cases().size(), compared, op.name() + " cases compared");
        return compared;
    }
}
