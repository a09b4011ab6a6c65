package clnn.data.image;

import java.util.Arrays;

/**
 * Which pixels are ink, and how much: the grey levels less the fitted {@link Background}, turned so
 * that the ink is positive (the side of the background that holds the larger excess beyond the
 * noise: dark on light or light on dark), split from the rest by {@link Otsu}'s threshold on a
 * lightly smoothed copy, specks smaller than a twentieth of the largest stroke dropped, and the
 * strokes grown into their fainter edges (hysteresis) to find the box around the digit. Intensities
 * are the excess over the noise floor, scaled so that the strokes' bright core is 1.
 */
final class InkMap {
    /** Below this contrast (of a grey scale of 1) there is no digit to see: the old blank test. */
    static final float MIN_CONTRAST = 0.05f;

    /** Residuals beyond this many standard deviations of the background count towards a side's excess. */
    static final float EXCESS_SIGMAS = 3f;

    /** Dark ink is measured against paper at least this light (a nearly black page has no contrast to keep). */
    static final float MIN_PAPER = 0.1f;

    /** Strong ink is at least this many standard deviations of the smoothed background. */
    static final float STRONG_SIGMAS = 4f;

    /** The faint edge of a stroke: above this fraction of the strong threshold, and above the noise. */
    static final float EDGE_FRACTION = 0.25f;

    /** Pieces of ink smaller than this fraction of the largest are specks (dust, noise, JPEG blocks). */
    static final double SPECK_FRACTION = 0.05;

    /** The fraction of strong ink pixels at or below the level that becomes intensity 1. */
    static final double CORE_QUANTILE = 0.95;

    final float[][] ink;
    final int top;
    final int left;
    final int bottom;
    final int right;

    private InkMap(float[][] ink, int top, int left, int bottom, int right) {
        this.ink = ink;
        this.top = top;
        this.left = left;
        this.bottom = bottom;
        this.right = right;
    }

    /**
     * The ink of a grey image.
     *
     * @param g grey levels {@code [y][x]} in [0, 1]
     * @return intensities in [0, 1] with the ink's box, or null when there is no ink to find
     */
    static InkMap of(float[][] g) {
        int h = g.length;
        int w = g[0].length;
        Background.Fit fit = Background.fit(g);
        float sigma = fit.sigma();
        float[][] d = new float[h][w];
        double darkExcess = 0;
        double lightExcess = 0;
        float floor = EXCESS_SIGMAS * sigma;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float r = g[y][x] - fit.surface()[y][x];
                d[y][x] = r;
                if (r > floor) lightExcess += r - floor;
                if (-r > floor) darkExcess += -r - floor;
            }
        }
        // The ink is the side that departs from the background; noise departs equally on both.
        if (darkExcess >= lightExcess) {
            // Dark ink on paper: the light falling on the page scales ink and paper alike, so the
            // ink's share of the paper's brightness, not their difference, is the same in the shade
            // as in the light.
            double level = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float paper = Math.max(MIN_PAPER, fit.surface()[y][x]);
                    level += paper;
                    d[y][x] = -d[y][x] / paper;
                }
            }
            sigma = (float) (sigma / (level / ((double) h * w)));
        }
        // Smoothing over a few pixels (in images of a few hundred pixels or more) keeps noise from
        // making specks while strokes, many pixels wide there, keep their level.
        int radius = (int) Math.round(Math.max(h, w) / 250.0);
        float[][] smooth = BoxBlur.of(d, radius);
        float noise = sigma / (2 * radius + 1);
        float max = 0;
        for (float[] row : smooth) for (float v : row) max = Math.max(max, v);
        if (max <= Math.max(MIN_CONTRAST, STRONG_SIGMAS * noise)) return null;
        float strong = Math.max(Otsu.threshold(smooth, max), STRONG_SIGMAS * noise);
        float edge = Math.max(EDGE_FRACTION * strong, EXCESS_SIGMAS * noise);
        boolean[][] kept = strokes(smooth, strong, edge);
        int top = h;
        int bottom = -1;
        int left = w;
        int right = -1;
        int strongCount = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!kept[y][x]) continue;
                top = Math.min(top, y);
                bottom = Math.max(bottom, y);
                left = Math.min(left, x);
                right = Math.max(right, x);
                if (smooth[y][x] > strong) strongCount++;
            }
        }
        if (bottom < 0) return null;
        float[] core = new float[strongCount];
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) if (kept[y][x] && smooth[y][x] > strong) core[k++] = smooth[y][x];
        }
        Arrays.sort(core);
        // The strokes' core is 1; what is not stroke (the background's noise between them) is 0.
        float one = core[(int) Math.min(core.length - 1, Math.floor(CORE_QUANTILE * core.length))];
        float[][] ink = new float[h][w];
        for (int y = top; y <= bottom; y++) {
            for (int x = left; x <= right; x++) {
                if (kept[y][x]) ink[y][x] = Math.max(0f, Math.min(1f, smooth[y][x] / one));
            }
        }
        return new InkMap(ink, top, left, bottom, right);
    }

    /**
     * The pixels of the strokes: connected pieces (8-neighbours) of strong ink that are not specks,
     * grown through their neighbours above {@code edge}.
     */
    private static boolean[][] strokes(float[][] s, float strong, float edge) {
        int h = s.length;
        int w = s[0].length;
        int[] label = new int[h * w];
        int[] size = new int[h * w + 1];
        int[] stack = new int[h * w];
        int pieces = 0;
        for (int start = 0; start < h * w; start++) {
            if (label[start] != 0 || s[start / w][start % w] <= strong) continue;
            label[start] = ++pieces;
            int top = 0;
            stack[top++] = start;
            while (top > 0) {
                int p = stack[--top];
                size[pieces]++;
                for (int q : neighbours(p, w, h)) {
                    if (q >= 0 && label[q] == 0 && s[q / w][q % w] > strong) {
                        label[q] = pieces;
                        stack[top++] = q;
                    }
                }
            }
        }
        int largest = 0;
        for (int i = 1; i <= pieces; i++) largest = Math.max(largest, size[i]);
        boolean[][] kept = new boolean[h][w];
        int top = 0;
        for (int p = 0; p < h * w; p++) {
            if (label[p] != 0 && size[label[p]] >= SPECK_FRACTION * largest) {
                kept[p / w][p % w] = true;
                stack[top++] = p;
            }
        }
        // Hysteresis: a faint pixel belongs to a stroke when it touches one through faint pixels.
        while (top > 0) {
            int p = stack[--top];
            for (int q : neighbours(p, w, h)) {
                if (q >= 0 && !kept[q / w][q % w] && s[q / w][q % w] > edge) {
                    kept[q / w][q % w] = true;
                    stack[top++] = q;
                }
            }
        }
        return kept;
    }

    /** The 8 neighbours of pixel {@code p} (index y * w + x), -1 for those outside the image. */
    private static int[] neighbours(int p, int w, int h) {
        int y = p / w;
        int x = p % w;
        int[] n = new int[8];
        int k = 0;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if (dy == 0 && dx == 0) continue;
                int ny = y + dy;
                int nx = x + dx;
                n[k++] = ny < 0 || ny >= h || nx < 0 || nx >= w ? -1 : ny * w + nx;
            }
        }
        return n;
    }
}
