package clnn.data.image;

import java.awt.image.BufferedImage;

/**
 * An image as grey levels in [0, 1] (0 black, 1 white), transparent pixels composited onto white
 * paper, reduced by whole-pixel box averages when it is larger than a digit can need: a 12-megapixel
 * phone photo becomes at most {@link #MAX_SIDE} pixels on its long side before anything else is
 * computed, which bounds the memory and time of the steps after it.
 */
final class GreyLevels {
    /** The long side kept; the network sees 20 or 28 pixels, and strokes stay several pixels wide. */
    static final int MAX_SIDE = 1000;

    private GreyLevels() {
    }

    /**
     * The grey levels, row by row ({@code [y][x]}).
     *
     * @param img any image with at least one pixel
     * @return grey levels of {@code img}, or of its box-averaged reduction by a whole factor
     */
    static float[][] of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int f = (int) Math.max(1, (Math.max(w, h) + MAX_SIDE - 1) / MAX_SIDE);
        int rw = (w + f - 1) / f;
        int rh = (h + f - 1) / f;
        double[] sum = new double[rw];
        int[] count = new int[rw];
        int[] line = new int[w];
        float[][] g = new float[rh][rw];
        for (int ry = 0; ry < rh; ry++) {
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(count, 0);
            for (int y = ry * f; y < Math.min(h, (ry + 1) * f); y++) {
                img.getRGB(0, y, w, 1, line, 0, w);
                for (int x = 0; x < w; x++) {
                    sum[x / f] += grey(line[x]);
                    count[x / f]++;
                }
            }
            for (int rx = 0; rx < rw; rx++) g[ry][rx] = (float) (sum[rx] / count[rx]);
        }
        return g;
    }

    /** Luminance (ITU-R BT.601 weights, as the old preparation used) over white paper. */
    static float grey(int argb) {
        float alpha = ((argb >>> 24) & 0xFF) / 255f;
        float lum = (0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF) + 0.114f * (argb & 0xFF)) / 255f;
        return alpha * lum + (1 - alpha);
    }
}
