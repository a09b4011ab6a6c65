package clnn.check;

/**
 * How close a backend's result must be to the reference's: {@code |expected - actual| <= abs + rel * |expected|},
 * with the reason the margin is that size. Every instance is built in {@link Tolerances}.
 *
 * @param abs    absolute margin
 * @param rel    margin relative to {@code |expected|}
 * @param reason why the margin is that size, for reports and readers
 */
public record Tolerance(double abs, double rel, String reason) {
    /**
     * Compares two arrays under this tolerance.
     *
     * @param expected the reference's values
     * @param actual   the values under test
     * @return the element-wise comparison
     */
    public Comparison compare(float[] expected, float[] actual) {
        return Comparison.of(expected, actual, abs, rel);
    }
}
