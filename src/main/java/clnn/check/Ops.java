package clnn.check;

import java.util.List;

/**
 * Every op description, in the order {@code engine selftest} reports them. The completeness test
 * finds the descriptions by scanning this package and fails if one is missing here.
 */
public final class Ops {
    private Ops() {
    }

    /**
     * Every op description.
     *
     * @return gemm, softmax_cross_entropy, adam, dense_tail and train_steps, in that order
     */
    public static List<OpDescription<?>> all() {
        return List.of(GemmOp.INSTANCE, SoftmaxCrossEntropyOp.INSTANCE, AdamOp.INSTANCE, DenseTailOp.INSTANCE,
                TrainingStepsOp.INSTANCE);
    }
}
