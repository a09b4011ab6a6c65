package clnn.data.image;

import java.util.Arrays;

/**
 * The paper (or board, or screen) behind a digit, as a smooth surface: a polynomial of low degree
 * in x and y fitted by robust least squares (iteratively reweighted with Tukey's biweight), so that
 * the ink, a minority of the pixels that lies far from the surface on one side, gets no weight.
 * A gradient, a shadow across the page or a lamp's falloff are smooth and are fitted; strokes are
 * not. One average of the border, as before, kept the darker half of a gradient as ink.
 */
final class Background {
    /** Degree of the surface: 2 fits a gradient, a vignette or a lamp off to one side. */
    static final int DEGREE = 2;

    /** About this many pixels, on a regular grid, take part in the fit; the surface covers every pixel. */
    static final int SAMPLES = 4096;

    /** Tukey's constant: 95% efficiency for Gaussian noise. */
    static final double TUKEY = 4.685;

    /** The smallest spread: half a grey level of an 8-bit image (a synthetic image has no noise at all). */
    static final double MIN_SIGMA = 0.5 / 255;

    static final int ITERATIONS = 30;

    /** Coefficients that move less than this (a tenth of a grey level) have converged. */
    static final double CONVERGED = 1e-4;

    private Background() {
    }

    /**
     * The fitted surface and the spread of the background around it.
     *
     * @param surface the background's grey level at each pixel, {@code [y][x]}
     * @param sigma the robust standard deviation of background pixels around the surface (noise, paper texture)
     */
    record Fit(float[][] surface, float sigma) {
    }

    /**
     * Fits the background of the grey levels.
     *
     * @param g grey levels {@code [y][x]}, at least one pixel
     * @return the surface and the background's spread
     */
    static Fit fit(float[][] g) {
        int h = g.length;
        int w = g[0].length;
        int stride = (int) Math.max(1, Math.ceil(Math.sqrt((double) h * w / SAMPLES)));
        int ny = (h + stride - 1) / stride;
        int nx = (w + stride - 1) / stride;
        int n = ny * nx;
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] v = new double[n];
        int k = 0;
        for (int y = 0; y < h; y += stride) {
            for (int x = 0; x < w; x += stride) {
                xs[k] = unit(x, w);
                ys[k] = unit(y, h);
                v[k++] = g[y][x];
            }
        }
        int terms = (DEGREE + 1) * (DEGREE + 2) / 2;
        double[] c = new double[terms];
        // Start from a flat surface at the median, the grey level of the majority (the background).
        c[0] = median(v.clone());
        double[] r = new double[n];
        residuals(c, xs, ys, v, r);
        double sigma = spread(r, Double.POSITIVE_INFINITY);
        if (n >= 4 * terms) {
            double[] weight = new double[n];
            double[] basis = new double[terms];
            for (int it = 0; it < ITERATIONS; it++) {
                double cut = TUKEY * sigma;
                for (int i = 0; i < n; i++) {
                    double u = r[i] / cut;
                    weight[i] = Math.abs(u) < 1 ? (1 - u * u) * (1 - u * u) : 0;
                }
                double[] next = solve(xs, ys, v, weight, basis, terms);
                if (next == null) break; // too few pixels with weight to fix the surface: keep the last one
                double change = 0;
                for (int i = 0; i < terms; i++) change = Math.max(change, Math.abs(next[i] - c[i]));
                c = next;
                residuals(c, xs, ys, v, r);
                // The spread of the pixels the fit kept: the ink, far out, would inflate it.
                sigma = spread(r, cut);
                if (change < CONVERGED) break;
            }
        }
        float[][] surface = new float[h][w];
        double[] basis = new double[terms];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                surface[y][x] = (float) dot(c, basis(unit(x, w), unit(y, h), basis));
            }
        }
        return new Fit(surface, (float) sigma);
    }

    /** Pixel index to [-1, 1], so that the powers of x and y stay of order 1. */
    private static double unit(int i, int n) {
        return n == 1 ? 0 : 2.0 * i / (n - 1) - 1;
    }

    /** 1, x, y, x^2, xy, y^2, ... up to {@link #DEGREE}. */
    private static double[] basis(double x, double y, double[] out) {
        out[0] = 1;
        int start = 0; // where the terms of degree d - 1 begin
        int k = 1;
        for (int d = 1; d <= DEGREE; d++) {
            // Degree d: x times every term of degree d - 1, then y times the last of them (y^(d-1)).
            for (int j = start; j < k; j++) out[k + (j - start)] = out[j] * x;
            int next = k + (k - start);
            out[next] = out[k - 1] * y;
            start = k;
            k = next + 1;
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void residuals(double[] c, double[] xs, double[] ys, double[] v, double[] r) {
        double[] b = new double[c.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i] - dot(c, basis(xs[i], ys[i], b));
    }

    /** 1.4826 x the median absolute residual among those within {@code cut}: the standard deviation for Gaussian noise. */
    private static double spread(double[] r, double cut) {
        double[] a = new double[r.length];
        int m = 0;
        for (double x : r) if (Math.abs(x) < cut) a[m++] = Math.abs(x);
        if (m == 0) return MIN_SIGMA;
        return Math.max(MIN_SIGMA, 1.4826 * median(Arrays.copyOf(a, m)));
    }

    private static double median(double[] a) {
        Arrays.sort(a);
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }

    /** Weighted least squares by the normal equations (a handful of unknowns), or null when singular. */
    private static double[] solve(double[] xs, double[] ys, double[] v, double[] weight, double[] b, int terms) {
        double[][] a = new double[terms][terms + 1];
        for (int i = 0; i < v.length; i++) {
            if (weight[i] == 0) continue;
            basis(xs[i], ys[i], b);
            for (int p = 0; p < terms; p++) {
                double wb = weight[i] * b[p];
                for (int q = 0; q < terms; q++) a[p][q] += wb * b[q];
                a[p][terms] += wb * v[i];
            }
        }
        // Gaussian elimination with partial pivoting.
        for (int col = 0; col < terms; col++) {
            int pivot = col;
            for (int row = col + 1; row < terms; row++) if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) pivot = row;
            if (Math.abs(a[pivot][col]) < 1e-9) return null;
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int row = col + 1; row < terms; row++) {
                double f = a[row][col] / a[col][col];
                for (int q = col; q <= terms; q++) a[row][q] -= f * a[col][q];
            }
        }
        double[] c = new double[terms];
        for (int row = terms - 1; row >= 0; row--) {
            double s = a[row][terms];
            for (int q = row + 1; q < terms; q++) s -= a[row][q] * c[q];
            c[row] = s / a[row][row];
        }
        return c;
    }
}
