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
 */
public record SoftmaxCrossEntropy(Operand logits, int rows, int classes, DeviceInts labels, DeviceInts rowIndex,
                                  Operand gradient, DeviceFloats metrics) {
    public SoftmaxCrossEntropy {
        if (rows < 1 || classes < 1) throw new IllegalArgumentException("softmax needs rows, classes >= 1");
    }

    /** Metric slots in {@code metrics}. */
    public static final int LOSS_SUM = 0;
    public static final int CORRECT = 1;
    public static final int ROWS = 2;
    public static final int FIRST_NONFINITE = 3;
    public static final int METRIC_COUNT = 4;
}
