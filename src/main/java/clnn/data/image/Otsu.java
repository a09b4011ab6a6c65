package clnn.data.image;

/**
 * Otsu's threshold: the level that splits a set of values into two classes with the largest
 * between-class variance, from a 256-bin histogram. Used to tell ink from what is left of the
 * background once the background's shape has been subtracted.
 */
final class Otsu {
    static final int BINS = 256;

    private Otsu() {
    }

    /**
     * The threshold of the values in [0, {@code max}]; values above it form the upper class.
     *
     * @param values the values (those below 0 count as 0, those above {@code max} as {@code max})
     * @param max the largest value, greater than 0
     * @return a level in [0, {@code max}]
     */
    static float threshold(float[][] values, float max) {
        long[] hist = new long[BINS];
        long n = 0;
        for (float[] row : values) {
            for (float v : row) {
                int bin = (int) (Math.max(0f, Math.min(1f, v / max)) * (BINS - 1));
                hist[bin]++;
                n++;
            }
        }
        double total = 0;
        for (int i = 0; i < BINS; i++) total += (double) i * hist[i];
        double sumBelow = 0;
        long below = 0;
        double best = -1;
        int split = 0;
        for (int t = 0; t < BINS - 1; t++) {
            below += hist[t];
            sumBelow += (double) t * hist[t];
            long above = n - below;
            if (below == 0 || above == 0) continue;
            double m0 = sumBelow / below;
            double m1 = (total - sumBelow) / above;
            double between = (double) below * above * (m0 - m1) * (m0 - m1);
            if (between > best) {
                best = between;
                split = t;
            }
        }
        // Bin t holds the values in [t, t + 1) / (BINS - 1) of max; the upper class starts where bin split ends.
        return (split + 1f) / (BINS - 1) * max;
    }
}
