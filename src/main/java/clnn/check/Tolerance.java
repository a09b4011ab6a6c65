package clnn.check;

/**
 * How close a backend's result must be to the reference's: |expected - actual| <= abs + rel * |expected|,
 * with the reason the margin is that size. Every instance is built in {@link Tolerances}.
 */
public record Tolerance(double abs, double rel, String reason) {
    public Comparison compare(float[] expected, float[] actual) {
        return Comparison.of(expected, actual, abs, rel);
    }
}
