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
 */
public record Gemm(boolean transA, boolean transB, int m, int n, int k,
                   Operand a, DeviceInts aRows, Operand b, Operand c, Epilogue epilogue) {

    public Gemm {
        if (m < 1 || n < 1 || k < 1) throw new IllegalArgumentException("gemm needs m, n, k >= 1: " + m + "," + n + "," + k);
        if (epilogue == null) epilogue = Epilogue.NONE;
    }

    /** Rows of the stored A (before the transpose). */
    public int aStoredRows() {
        return transA ? k : m;
    }

    /** Columns of the stored A. */
    public int aStoredCols() {
        return transA ? m : k;
    }

    /** Multiply-adds times two. */
    public long flops() {
        return 2L * m * n * k;
    }
}
