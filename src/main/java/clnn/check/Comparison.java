package clnn.check;

import java.util.Locale;

/**
 * Element-wise closeness of two arrays: |expected - actual| <= abs + rel * |expected|. Keeps the
 * count of mismatches, the largest error and a description of the first few, so a report says what
 * broke without a debugger. Used by the tests (through Close.assertClose) and by engine selftest.
 */
public record Comparison(int compared, int mismatches, double maxError, int maxAt, String firstMismatches) {

    public static Comparison of(float[] expected, float[] actual, double abs, double rel) {
        if (expected.length != actual.length) {
            return new Comparison(0, 1, Double.POSITIVE_INFINITY, -1,
                    " length expected=" + expected.length + " found=" + actual.length);
        }
        int bad = 0;
        double maxErr = 0;
        int maxAt = -1;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            double err = Math.abs(e - a);
            boolean nanMismatch = Double.isNaN(a) != Double.isNaN(e);
            boolean ok = !nanMismatch && (err <= abs + rel * Math.abs(e) || (Double.isNaN(a) && Double.isNaN(e)));
            if (err > maxErr || Double.isNaN(err) && !Double.isNaN(e)) {
                maxErr = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                maxAt = i;
            }
            if (!ok && bad++ < 5) {
                first.append(String.format(Locale.ROOT, "%n  at [%d] expected=%.9g found=%.9g err=%.3g", i, e, a, err));
            }
        }
        return new Comparison(expected.length, bad, maxErr, maxAt, first.toString());
    }

    public boolean ok() {
        return mismatches == 0;
    }

    /** "name: 3 of 800 elements differ (abs=.. rel=..), max err .. at [..]" plus the first mismatches. */
    public String describe(String name, double abs, double rel) {
        return String.format(Locale.ROOT, "%s: %d of %d elements differ (abs=%.1g rel=%.1g), max err %.3g at [%d]%s",
                name, mismatches, compared, abs, rel, maxError, maxAt, firstMismatches);
    }
}
