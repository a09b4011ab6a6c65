package clnn.data;

import clnn.DataException;

/**
 * A labelled data set in the layout every backend uploads: X as float32, row-major (one sample per
 * row, {@code rows x features}), and labels as class indices 0..classes-1.
 *
 * @param x        row-major features, {@code rows * features} values
 * @param y        one class index per row
 * @param features width of a row of X
 * @param classes  number of classes the labels index into
 * @param source   where the data came from, for messages ("data/digits-train.mat X/y")
 */
public record Dataset(float[] x, int[] y, int features, int classes, String source) {

    public Dataset {
        if (features <= 0) throw new DataException(source + ": X has no columns; each row must hold at least one feature");
        if (y.length == 0) throw new DataException(source + ": the data set has 0 rows; it needs at least one sample");
        if ((long) y.length * features != x.length) {
            throw new DataException(source + ": X holds " + x.length + " values, not rows x features = " + y.length
                    + " x " + features);
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new DataException(source + ": label " + y[i] + " at row " + (i + 1) + " is outside 0.."
                        + (classes - 1) + "; fix the labels or the class count");
            }
        }
    }

    /** A labelled data set from rows of features and class indices; classes = largest label + 1. */
    public static Dataset of(float[][] rows, int[] labels) {
        int max = 0;
        for (int v : labels) max = Math.max(max, v);
        return new Dataset(flatten(rows), labels.clone(), rows.length == 0 ? 0 : rows[0].length, max + 1, "arrays");
    }

    /** Features without labels (every label 0), for prediction. */
    public static Dataset unlabelled(float[][] rows, int classes, String source) {
        return new Dataset(flatten(rows), new int[rows.length], rows.length == 0 ? 0 : rows[0].length, classes, source);
    }

    private static float[] flatten(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] x = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != width) {
                throw new DataException("row " + r + " has " + rows[r].length + " features, row 0 has " + width
                        + "; every row needs the same width");
            }
            System.arraycopy(rows[r], 0, x, r * width, width);
        }
        return x;
    }

    /** CRC-32 of X's float bits and the labels, in hex: the same data give the same fingerprint. */
    public String fingerprint() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * (x.length + y.length));
        for (float v : x) b.putInt(Float.floatToIntBits(v));
        for (int v : y) b.putInt(v);
        crc.update(b.array());
        return Long.toHexString(crc.getValue()) + ":" + rows() + "x" + features;
    }

    public int rows() {
        return y.length;
    }

    /** Copies the rows listed in {@code rowIndices} (in that order) into a new data set. */
    public Dataset select(int[] rowIndices, String newSource) {
        float[] nx = new float[rowIndices.length * features];
        int[] ny = new int[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) {
            System.arraycopy(x, rowIndices[i] * features, nx, i * features, features);
            ny[i] = y[rowIndices[i]];
        }
        return new Dataset(nx, ny, features, classes, newSource);
    }
}
