package clnn.data.mat;

/**
 * Receives a numeric variable's values in the file's order (column-major, as decoded doubles) and
 * builds the row-major float32 array at once, so that reading X costs 4 bytes a value and no
 * intermediate copy.
 *
 * <p>A plain transpose writes each value to a different cache line and, for a wide X, a different
 * memory page (a 784-wide row is 3 KB). So a block of whole columns is gathered first (column-major,
 * at most {@link #BLOCK_VALUES} floats, 4 MB) and written out row by row, each row's part of the
 * block landing in one or two cache lines. When even two columns exceed the block (more than 512K
 * rows) or X has one column, values go straight to their place and nothing is buffered.
 */
final class RowMajorFloats {
    /** Floats a column block may hold: 4 MB, well inside a server's L2+L3, small beside any X it helps. */
    static final int BLOCK_VALUES = 1 << 20;

    private final int rows;
    private final int cols;
    private final float[] out;
    /** Columns [blockStart, blockStart + blockCols) gathered column-major; null when writing straight. */
    private final float[] block;
    private final int blockCols;
    private int blockStart;
    private int inBlock;
    /** Position of the next value when writing straight. */
    private int row;
    private int col;
    private long seen;
    private long firstNonFinite = -1;
    private double nonFiniteValue;

    RowMajorFloats(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.out = new float[Math.multiplyExact(rows, cols)];
        int width = blockColumns(rows, cols);
        this.blockCols = width;
        this.block = width > 1 ? new float[width * rows] : null;
    }

    /** Columns one block holds; 1 or less means no block. */
    static int blockColumns(int rows, int cols) {
        if (rows == 0 || cols <= 1) return 0;
        return Math.min(cols, BLOCK_VALUES / rows);
    }

    /** Bytes of the block besides the array itself, for the heap budget. */
    static long blockBytes(int rows, int cols) {
        int width = blockColumns(rows, cols);
        return width > 1 ? 4L * width * rows : 0;
    }

    /** The next {@code n} values in the file's order. */
    void accept(double[] values, int n) {
        for (int i = 0; i < n; i++) {
            double d = values[i];
            float f = (float) d;
            if (!Float.isFinite(f) && firstNonFinite < 0) {
                firstNonFinite = seen + i;
                nonFiniteValue = d;
            }
            if (block != null) {
                block[inBlock++] = f;
                if (inBlock == blockCols * rows) flush();
            } else {
                out[row * cols + col] = f;
                if (++row == rows) {
                    row = 0;
                    col++;
                }
            }
        }
        seen += n;
    }

    /** Writes the gathered columns row by row. */
    private void flush() {
        int width = inBlock / rows;
        for (int r = 0; r < rows; r++) {
            int to = r * cols + blockStart;
            for (int j = 0; j < width; j++) out[to + j] = block[j * rows + r];
        }
        blockStart += width;
        inBlock = 0;
    }

    /** The matrix, once every value has been accepted (a last, narrower block is written here). */
    MatFloats result() {
        if (seen != (long) rows * cols) throw new IllegalStateException(seen + " of " + (long) rows * cols + " values");
        if (block != null && inBlock > 0) flush();
        return new MatFloats(out, rows, cols, firstNonFinite, nonFiniteValue);
    }
}
