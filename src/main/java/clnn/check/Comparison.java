package clnn.check;

import java.util.Locale;

/**
 * Element-wise closeness of two arrays: {@code |expected - actual| <= abs + rel * |expected|}. Keeps the
 * count of mismatches, the largest error and a description of the first few, so a report says what
 * broke without a debugger. Used by the tests (through Close.assertClose) and by engine selftest.
 *
 * @param compared        elements compared (0 when the lengths differ)
 * @param mismatches      elements outside the tolerance (1 when the lengths differ)
 * @param maxError        the largest absolute error; infinite where one side is NaN and the other is not
 * @param maxAt           index of the largest error, -1 when there is none
 * @param firstMismatches the first five mismatches, one per line, each line starting with a line break
 */
public record Comparison(int compared, int mismatches, double maxError, int maxAt, String firstMismatches) {

    /**
     * Compares element by element; NaN matches NaN only.
     *
     * @param expected the reference's values
     * @param actual   the values under test
     * @param abs      absolute margin
     * @param rel      margin relative to {@code |expected|}
     * @return the comparison; a length mismatch is one mismatch with no elements compared
     */
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

    /**
     * Whether every element was within the tolerance.
     *
     * @return true when there are no mismatches
     */
    public boolean ok() {
        return mismatches == 0;
    }

    /**
     * The comparison for a failure message.
     *
     * @param name what was compared, first on the line
     * @param abs  the absolute margin used, shown
     * @param rel  the relative margin used, shown
     * @return "name: 3 of 800 elements differ (abs=.. rel=..), max err .. at [..]" plus the first mismatches
     */
    public String describe(String name, double abs, double rel) {
        return String.format(Locale.ROOT, "%s: %d of %d elements differ (abs=%.1g rel=%.1g), max err %.3g at [%d]%s",
                name, mismatches, compared, abs, rel, maxError, maxAt, firstMismatches);
    }
}
