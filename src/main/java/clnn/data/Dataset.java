package clnn.data;

import clnn.DataException;

/**
 * A labelled data set in the layout every backend uploads: X as float32, row-major (one sample per
 * row, {@code rows x features}), and labels as class indices 0..classes-1.
 *
 * <p>Every value of X must be finite: the constructor refuses NaN and infinities (naming the row and
 * column), because a NaN fed through relu comes out as 0 and would give confident, wrong answers.
 *
 * <p>Serializable, to hand to another process; a data set read back is checked by the constructor again.
 *
 * @param x        row-major features, {@code rows * features} values
 * @param y        one class index per row
 * @param features width of a row of X
 * @param classes  number of classes the labels index into
 * @param source   where the data came from, for messages ("data/digits-train.mat X/y")
 * @serial exclude
 */
public record Dataset(float[] x, int[] y, int features, int classes, String source) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;


    /**
     * Checks every value. The arrays are kept, not copied: a later write into them shows in this data set
     * (see {@link #requireFinite()}).
     *
     * @param x        row-major features, {@code rows * features} finite values
     * @param y        one class index 0..classes-1 per row; its length is the row count
     * @param features width of a row of X, at least 1
     * @param classes  number of classes the labels index into, at least 1
     * @param source   where the data came from, for messages; null becomes "the data"
     * @throws DataException when an array is null, there are 0 rows or 0 columns, X's length is not
     *                       rows x features, a value of X is not finite, or a label is outside 0..classes-1
     */
    public Dataset {
        if (source == null) source = "the data";
        if (x == null || y == null) {
            throw new DataException(source + ": " + (x == null ? "X" : "the label array") + " is null; pass an array");
        }
        // Rows first: a data set without rows also has no first row to take a width from.
        if (y.length == 0) throw new DataException(source + ": the data set has 0 rows; it needs at least one sample");
        if (features <= 0) {
            throw new DataException(source + ": X has " + features + " columns; each row must hold at least one feature");
        }
        if (classes < 1) throw new DataException(source + ": " + classes + " classes; a data set needs at least 1 class");
        if ((long) y.length * features != x.length) {
            throw new DataException(source + ": X holds " + x.length + " values, not rows x features = " + y.length
                    + " x " + features);
        }
        requireFinite(x, features, source);
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new DataException(source + ": label " + y[i] + " at row " + (i + 1) + " is outside 0.."
                        + (classes - 1) + "; fix the labels or the class count");
            }
        }
    }

    /**
     * A labelled data set from rows of features and class indices. The class count is inferred from the
     * largest label: classes = largest label + 1, so a subset that misses the top classes gets too few; give
     * the count with {@link #of(float[][], int[], int)} then.
     *
     * @param rows   one array of features per row, all of one width
     * @param labels one class index (0 or more) per row
     * @return a data set with its own copies of the values, source "arrays"
     * @throws DataException when an array or a row is null, the rows are ragged or empty, the counts of
     *                       rows and labels differ, a label is negative or a value is not finite
     */
    public static Dataset of(float[][] rows, int[] labels) {
        if (labels == null) throw new DataException("arrays: the label array is null; pass one label per row");
        float[] x = flatten(rows, "arrays");
        if (labels.length != rows.length) {
            throw new DataException("arrays: " + rows.length + " rows but " + labels.length + " labels; give one label per row");
        }
        int max = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new DataException("arrays: label " + labels[i] + " at row " + (i + 1) + " is negative; labels are "
                        + "class indices 0..K-1");
            }
            max = Math.max(max, labels[i]);
        }
        return new Dataset(x, labels.clone(), rows.length == 0 ? 0 : rows[0].length, max + 1, "arrays");
    }

    /**
     * A labelled data set from rows of features and class indices 0..classes-1, with the class count given: a subset
     * that happens to miss the top classes still has every class (the count {@link #of(float[][], int[])} infers
     * from the largest label would be too small).
     *
     * @param rows    one array of features per row, all of one width
     * @param labels  one class index 0..classes-1 per row
     * @param classes the number of classes of the task
     * @return a data set with its own copies of the values, source "arrays"
     * @throws DataException as {@link #of(float[][], int[])}, and when a label is not below {@code classes}
     */
    public static Dataset of(float[][] rows, int[] labels, int classes) {
        Dataset inferred = of(rows, labels);
        if (classes < inferred.classes()) {
            throw new DataException("arrays: label " + (inferred.classes() - 1) + " needs at least " + inferred.classes()
                    + " classes but " + classes + " were given; give the number of classes of the task");
        }
        return new Dataset(inferred.x(), inferred.y(), inferred.features(), classes, "arrays");
    }

    /**
     * Features without labels (every label 0), for prediction.
     *
     * @param rows    one array of features per row, all of one width
     * @param classes the number of classes of the model that will predict; below 1 counts as 1
     * @param source  where the rows came from, for messages; null becomes "the rows"
     * @return a data set with its own copy of the values
     * @throws DataException when the rows are null, ragged, empty or hold a value that is not finite
     */
    public static Dataset unlabelled(float[][] rows, int classes, String source) {
        String src = source == null ? "the rows" : source;
        return new Dataset(flatten(rows, src), new int[rows.length], rows.length == 0 ? 0 : rows[0].length,
                Math.max(1, classes), src);
    }

    private static float[] flatten(float[][] rows, String source) {
        if (rows == null) throw new DataException(source + ": the rows are null; pass an array of rows");
        if (rows.length == 0) throw new DataException(source + ": the data set has 0 rows; it needs at least one sample");
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null) throw new DataException(source + ": row " + r + " (0-based) is null; every row needs values");
        }
        int width = rows[0].length;
        if ((long) rows.length * width > Integer.MAX_VALUE - 8) {
            throw new DataException(source + ": " + rows.length + " rows of " + width + " values do not fit one Java array "
                    + "(at most " + (Integer.MAX_VALUE - 8) + "); pass fewer rows at a time");
        }
        float[] x = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != width) {
                throw new DataException(source + ": row " + r + " has " + rows[r].length + " features, row 0 has " + width
                        + "; every row needs the same width");
            }
            System.arraycopy(rows[r], 0, x, r * width, width);
        }
        return x;
    }

    /**
     * Checks X again: its array is shared, so a caller may have written NaN into it after the data
     * set was made. predict, evaluate and fit call this before every pass.
     *
     * @throws DataException naming the first value of X that is not finite, by row and column
     */
    public void requireFinite() {
        requireFinite(x, features, source);
    }

    private static void requireFinite(float[] x, int features, String source) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new DataException(source + ": X(" + (i / features + 1) + "," + (i % features + 1) + ") is " + x[i]
                        + " (row, column counting from 1); every feature must be a finite number: replace or drop that row");
            }
        }
    }

    /**
     * CRC-32 of X's float bits and the labels, in hex, with the shape: the same data give the same fingerprint.
     *
     * @return {@code "CRC:ROWSxFEATURES"}, as {@code "1a2b3c4d:5000x400"}
     */
    public String fingerprint() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * (x.length + y.length));
        for (float v : x) b.putInt(Float.floatToIntBits(v));
        for (int v : y) b.putInt(v);
        crc.update(b.array());
        return Long.toHexString(crc.getValue()) + ":" + rows() + "x" + features;
    }

    /**
     * The number of samples.
     *
     * @return the row count, the length of {@link #y()}
     */
    public int rows() {
        return y.length;
    }

    /**
     * Copies the rows listed in {@code rowIndices} (in that order) into a new data set, with the same
     * width and class count; a row may be listed more than once.
     *
     * @param rowIndices 0-based rows to take, at least one
     * @param newSource  where the new data set came from, for messages; null becomes "the data"
     * @return a data set with its own copies of the selected values and labels
     * @throws DataException when the index array is null or empty, or names a row outside 0..rows-1
     */
    public Dataset select(int[] rowIndices, String newSource) {
        if (rowIndices == null) throw new DataException(source + ": the row indices are null; pass an array of row numbers");
        float[] nx = new float[rowIndices.length * features];
        int[] ny = new int[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) {
            int r = rowIndices[i];
            if (r < 0 || r >= y.length) {
                throw new DataException(source + ": row index " + r + " is outside 0.." + (y.length - 1));
            }
            System.arraycopy(x, r * features, nx, i * features, features);
            ny[i] = y[r];
        }
        return new Dataset(nx, ny, features, classes, newSource);
    }
}
