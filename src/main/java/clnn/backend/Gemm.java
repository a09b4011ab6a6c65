package clnn.backend;

/**
 * One matrix product C (m x n) = op(A) (m x k) times op(B) (k x n), where op is the identity or a
 * transpose, plus a fused {@link Epilogue}. Built once per shape and reused every step, so the
 * training step allocates nothing.
 *
 * <p>Row gather: when {@code aRows} is set, row r of the stored A is not row r of {@code a.array}
 * but row {@code aRows[indexOffset + r]}; the index offset is passed per call. This is how a batch
 * of the device-resident data set is read through the epoch's permutation without copying it.
 * The stored A has m rows when A is not transposed and k rows when it is.
 *
 * @param transA   whether op(A) is the transpose of the stored A
 * @param transB   whether op(B) is the transpose of the stored B
 * @param m        rows of C and of op(A)
 * @param n        columns of C and of op(B)
 * @param k        the inner dimension: columns of op(A), rows of op(B)
 * @param a        the stored A (gathered by rows when {@code aRows} is set)
 * @param aRows    row indices for A's gather, or null to read A's rows in order
 * @param b        the stored B
 * @param c        the output, m x n
 * @param epilogue what happens to each result before it is stored; null means {@link Epilogue#NONE}
 */
public record Gemm(boolean transA, boolean transB, int m, int n, int k,
                   Operand a, DeviceInts aRows, Operand b, Operand c, Epilogue epilogue) {

    /**
     * Checks the shape and defaults a null epilogue to {@link Epilogue#NONE}.
     *
     * @param transA   whether A is used transposed
     * @param transB   whether B is used transposed
     * @param m        rows of C, at least 1
     * @param n        columns of C, at least 1
     * @param k        the inner dimension, at least 1
     * @param a        the stored A
     * @param aRows    A's row gather, or null
     * @param b        the stored B
     * @param c        the output
     * @param epilogue the fused epilogue, or null for none
     * @throws IllegalArgumentException when m, n or k is below 1
     */
    public Gemm {
        if (m < 1 || n < 1 || k < 1) throw new IllegalArgumentException("gemm needs m, n, k >= 1: " + m + "," + n + "," + k);
        if (epilogue == null) epilogue = Epilogue.NONE;
    }

    /**
     * Rows of the stored A (before the transpose): what a gather indexes.
     *
     * @return k when A is transposed, else m
     */
    public int aStoredRows() {
        return transA ? k : m;
    }

    /**
     * Columns of the stored A (before the transpose).
     *
     * @return m when A is transposed, else k
     */
    public int aStoredCols() {
        return transA ? m : k;
    }

    /**
     * Floating-point operations of the product, for throughput figures and fusion decisions.
     *
     * @return multiply-adds times two, {@code 2 m n k} (the epilogue not counted)
     */
    public long flops() {
        return 2L * m * n * k;
    }
}
