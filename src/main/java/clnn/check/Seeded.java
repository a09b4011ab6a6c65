package clnn.check;

import java.util.Random;

/** The seeded inputs the case lists (and tests beside them) are built from, written once. */
public final class Seeded {
    private Seeded() {
    }

    /** {@code n} values uniform in [-1, 1). */
    public static float[] uniform(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat() * 2 - 1;
        return v;
    }

    /** A permutation of 0..n-1 (Fisher-Yates, from the last element down). */
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
