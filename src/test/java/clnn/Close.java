package clnn;

import static org.junit.jupiter.api.Assertions.fail;

import clnn.check.Comparison;

/**
 * The one closeness assertion every numeric test uses (see {@link Comparison}): a failure names the
 * array, the first mismatches with their indices, the largest error and the tolerances.
 */
public final class Close {
    private Close() {
    }

    public static void assertClose(String name, float[] expected, float[] actual, double abs, double rel) {
        Comparison c = Comparison.of(expected, actual, abs, rel);
        if (!c.ok()) fail(c.describe(name, abs, rel));
    }

    public static void assertClose(String name, double expected, double actual, double abs, double rel) {
        assertClose(name, new float[] {(float) expected}, new float[] {(float) actual}, abs, rel);
    }
}
