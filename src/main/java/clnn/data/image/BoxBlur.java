package clnn.data.image;

/** The mean over a (2r+1) x (2r+1) square around each pixel, clipped at the image's edges, in O(pixels). */
final class BoxBlur {
    private BoxBlur() {
    }

    /**
     * The blurred values.
     *
     * @param v values {@code [y][x]}
     * @param r the radius; 0 returns {@code v} itself
     * @return the mean over each pixel's square (over the part of it inside the image)
     */
    static float[][] of(float[][] v, int r) {
        if (r <= 0) return v;
        int h = v.length;
        int w = v[0].length;
        float[][] across = new float[h][w];
        for (int y = 0; y < h; y++) mean(v[y], across[y], r);
        float[][] out = new float[h][w];
        float[] column = new float[h];
        float[] blurred = new float[h];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) column[y] = across[y][x];
            mean(column, blurred, r);
            for (int y = 0; y < h; y++) out[y][x] = blurred[y];
        }
        return out;
    }

    /** Running mean over [i - r, i + r] of a line, by a running sum (in double: no drift over long lines). */
    private static void mean(float[] in, float[] out, int r) {
        int n = in.length;
        double sum = 0;
        int lo = 0;
        int hi = -1;
        for (int i = 0; i < n; i++) {
            int wantHi = Math.min(n - 1, i + r);
            int wantLo = Math.max(0, i - r);
            while (hi < wantHi) sum += in[++hi];
            while (lo < wantLo) sum -= in[lo++];
            out[i] = (float) (sum / (hi - lo + 1));
        }
    }
}
