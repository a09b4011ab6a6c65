package clnn.backend.cpu;

import java.util.Arrays;
import java.util.stream.Stream;

/** The CPU twins under test: every {@link CpuTwins.Choice} but the reference itself. */
final class Twins {
    private Twins() {
    }

    /** A {@code @MethodSource} for parity tests: each twin by its {@code -Dclnn.cpu} name. */
    static Stream<CpuTwins.Choice> all() {
        return Arrays.stream(CpuTwins.Choice.values()).filter(c -> c != CpuTwins.Choice.REFERENCE);
    }
}
