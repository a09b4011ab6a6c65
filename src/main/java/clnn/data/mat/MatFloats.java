package clnn.data.mat;

/**
 * A numeric MAT variable read straight into float32, row-major (one sample per row): what a data
 * set's X becomes, without the double array and the second copy a {@link MatVariable} would cost.
 * Values that are not finite as float32 (NaN, infinities, doubles beyond float32's range) are stored
 * as they convert; the first one in the file's order is kept here so that the caller, which knows
 * what the matrix is for, can refuse it naming its position.
 *
 * @param rowMajor       rows x cols values, row r at r * cols
 * @param rows           the variable's first dimension
 * @param cols           the product of its other dimensions
 * @param firstNonFinite the column-major index (MATLAB's linear index - 1) of the first value that is
 *                       not finite as float32, or -1 when all are finite
 * @param nonFiniteValue that value as stored (before the conversion), when there is one
 */
public record MatFloats(float[] rowMajor, int rows, int cols, long firstNonFinite, double nonFiniteValue) {
    /**
     * Where the first non-finite value is, for the refusal's message.
     *
     * @return its 0-based row; meaningless when {@code firstNonFinite} is -1
     */
    public int nonFiniteRow() {
        return (int) (firstNonFinite % rows);
    }

    /**
     * Where the first non-finite value is, for the refusal's message.
     *
     * @return its 0-based column; meaningless when {@code firstNonFinite} is -1
     */
    public int nonFiniteCol() {
        return (int) (firstNonFinite / rows);
    }
}
