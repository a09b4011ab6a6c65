package clnn.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * softmax_cross_entropy: per row, loss = logsumexp(z) - z_y, the gradient (softmax - onehot) / rows, and the
 * batch metrics. The cases: 1 to 1024 rows, 1 to 100 classes, with and without the label gather and
 * the gradient, logits of size 1 and 30 (large enough that exp overflows without the max
 * subtracted); then a NaN logit at 1, 32 and 300 rows, to check the divergence slot.
 */
public final class SoftmaxCrossEntropyOp implements OpDescription<SoftmaxCrossEntropyCase> {
    /** The {rows, classes} pairs each case variant is built at: single rows, odd sizes, a large batch, 100 classes. */
    public static final int[][] SHAPES = {{1, 1}, {1, 10}, {3, 2}, {17, 10}, {32, 10}, {33, 7}, {257, 10}, {1024, 10},
        {8, 100}};

    /** Built after the static tables above, which its case list reads. */
    public static final SoftmaxCrossEntropyOp INSTANCE = new SoftmaxCrossEntropyOp();

    private final List<SoftmaxCrossEntropyCase> cases = Collections.unmodifiableList(build());

    private SoftmaxCrossEntropyOp() {
    }

    @Override
    public String name() {
        return "softmax_cross_entropy";
    }

    @Override
    public List<SoftmaxCrossEntropyCase> cases() {
        return cases;
    }

    @Override
    public Tolerance tolerance(SoftmaxCrossEntropyCase c) {
        return Tolerances.softmaxCrossEntropy(c.rows());
    }

    private static List<SoftmaxCrossEntropyCase> build() {
        List<SoftmaxCrossEntropyCase> cases = new ArrayList<>();
        long seed = 1;
        for (int[] s : SHAPES) {
            for (boolean gather : new boolean[] {false, true}) {
                for (boolean grad : new boolean[] {false, true}) {
                    for (float scale : new float[] {1f, 30f}) {
                        cases.add(new SoftmaxCrossEntropyCase(s[0], s[1], gather, grad, scale, seed++));
                    }
                }
            }
        }
        for (int rows : new int[] {1, 32, 300}) cases.add(new SoftmaxCrossEntropyCase(rows, 10, true, true, 1f, seed++, true));
        return cases;
    }
}
