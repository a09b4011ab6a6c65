package clnn.reliability;

import java.util.stream.Collectors;

/**
 * What a child JVM run through {@link Refusal#runChild} printed, less the JVM's own startup
 * warning: runChild passes {@code --add-modules jdk.incubator.vector} (so the child uses the same
 * CPU path as the tests), and the JVM answers that with "WARNING: Using incubator modules" on
 * stderr, which is not the engine's output and would break the one-line rule.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static Refusal withoutJvmWarning(Refusal r) {
        String err = r.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .collect(Collectors.joining("\n"));
        return new Refusal(r.exitCode(), r.out(), err, r.command());
    }
}
