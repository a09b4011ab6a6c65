package clnn;

/**
 * Sparse categorical cross-entropy: integer class labels against a row of logits, averaged over the
 * batch. Only the from-logits form is supported, because it is the numerically stable one: the
 * softmax and the log are computed together (log-sum-exp with the row maximum subtracted).
 * Serializable, to hand to another process.
 *
 * @param fromLogits must be true: the model's last layer produces logits
 * @serial exclude
 */
public record Loss(boolean fromLogits) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public Loss {
        if (!fromLogits) {
            throw new ModelException("only fromLogits=true is supported: end the model with a linear Dense layer "
                    + "and use Loss.sparseCategoricalCrossentropy(true) (softmax is applied inside the loss)");
        }
    }

    public static Loss sparseCategoricalCrossentropy(boolean fromLogits) {
        return new Loss(fromLogits);
    }

    public String kerasName() {
        return "sparse_categorical_crossentropy";
    }
}
