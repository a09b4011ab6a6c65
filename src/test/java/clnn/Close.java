package clnn;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;

/**
 * The one closeness check every numeric test uses: |expected - actual| <= abs + rel * |expected|
 * element by element. A failure names the array, the first mismatches with their indices, the
 * largest error and the tolerances, so the report says what broke without a debugger.
 */
public final class Close {
    private Close() {
    }

    public static void assertClose(String name, float[] expected, float[] actual, double abs, double rel) {
        if (expected.length != actual.length) {
            fail(name + ": length expected=" + expected.length + " found=" + actual.length);
        }
        int bad = 0;
        double maxErr = 0;
        int maxAt = -1;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            double err = Math.abs(e - a);
            boolean ok = err <= abs + rel * Math.abs(e) && !Double.isNaN(a) == !Double.isNaN(e);
            if (err > maxErr || Double.isNaN(err)) {
                maxErr = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                maxAt = i;
            }
            if (!ok && bad++ < 5) {
                first.append(String.format(Locale.ROOT, "%n  at [%d] expected=%.9g found=%.9g err=%.3g", i, e, a, err));
            }
        }
        if (bad > 0) {
            fail(String.format(Locale.ROOT, "%s: %d of %d elements differ (abs=%.1g rel=%.1g), max err %.3g at [%d]%s",
                    name, bad, expected.length, abs, rel, maxErr, maxAt, first));
        }
    }

    public static void assertClose(String name, double expected, double actual, double abs, double rel) {
        assertClose(name, new float[] {(float) expected}, new float[] {(float) actual}, abs, rel);
    }
}
