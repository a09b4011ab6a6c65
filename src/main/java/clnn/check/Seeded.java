package clnn.check;

import java.util.Random;

/** The seeded inputs the case lists (and tests beside them) are built from, written once. */
public final class Seeded {
    private Seeded() {
    }

    /**
     * Uniform values for operands: small enough that sums stay well inside float range.
     *
     * @param r the seeded source, advanced by n draws
     * @param n how many values
     * @return {@code n} values uniform in [-1, 1)
     */
    public static float[] uniform(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat() * 2 - 1;
        return v;
    }

    /**
     * A permutation for gathers (Fisher-Yates, from the last element down), so a gather that ignores its index
     * reads the wrong rows and shows.
     *
     * @param r the seeded source
     * @param n the permutation's length
     * @return a permutation of 0..n-1
     */
    public static int[] permutation(Random r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
