package clnn.backend;

/**
 * Row-wise softmax cross-entropy from logits, its gradient and the batch metrics, in one pass.
 * For each of {@code rows} rows with label y (read through {@code rowIndex} when set, like a gather):
 * <pre>
 *   loss_r   = log(sum_j exp(z_j - max)) - (z_y - max)
 *   grad_rj  = (softmax(z)_j - [j == y]) / rows        (the mean over the batch)
 *   metrics[0] += sum_r loss_r,  metrics[1] += number of rows whose argmax is y,
 *   metrics[2] += rows,  and if this batch's loss sum is NaN or infinite and metrics[3] is 0:
 *   metrics[3] = (metrics[2] before this batch) + 1   (where training first diverged)
 * </pre>
 * {@code gradient} may be null (evaluation only).
 *
 * @param logits   the last layer's output, rows x classes
 * @param rows     rows in this batch
 * @param classes  logits per row
 * @param labels   one class per data-set row, in 0..classes-1
 * @param rowIndex the gather through which row r's label is {@code labels[rowIndex[indexOffset + r]]}, or null
 *                 for {@code labels[r]}
 * @param gradient where dLoss/dlogits goes (rows x classes), or null to skip it
 * @param metrics  {@link #METRIC_COUNT} running sums, added to and never cleared here
 */
public record SoftmaxCrossEntropy(Operand logits, int rows, int classes, DeviceInts labels, DeviceInts rowIndex,
                                  Operand gradient, DeviceFloats metrics) {
    /**
     * Refuses an empty batch.
     *
     * @param logits   the logits, rows x classes
     * @param rows     rows in the batch, at least 1
     * @param classes  classes, at least 1
     * @param labels   the labels
     * @param rowIndex the label gather, or null
     * @param gradient the gradient's destination, or null
     * @param metrics  the running sums
     * @throws IllegalArgumentException when rows or classes is below 1
     */
    public SoftmaxCrossEntropy {
        if (rows < 1 || classes < 1) throw new IllegalArgumentException("softmax needs rows, classes >= 1");
    }

    /** Metric slot: the sum of the rows' losses (divide by {@link #ROWS} for the mean). */
    public static final int LOSS_SUM = 0;
    /** Metric slot: rows whose argmax is their label. */
    public static final int CORRECT = 1;
    /** Metric slot: rows counted so far. */
    public static final int ROWS = 2;
    /**
     * Metric slot: the 1-based position (in rows counted) of the first row of the first batch whose loss sum was
     * NaN or infinite; 0 while training has not diverged.
     */
    public static final int FIRST_NONFINITE = 3;
    /** Length of a metrics array. */
    public static final int METRIC_COUNT = 4;
}
