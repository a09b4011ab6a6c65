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

    /**
     * Checks that the loss is the supported, from-logits form.
     *
     * @param fromLogits must be true
     * @throws ModelException when {@code fromLogits} is false
     */
    public Loss {
        if (!fromLogits) {
            throw new ModelException("only fromLogits=true is supported: end the model with a linear Dense layer "
                    + "and use Loss.sparseCategoricalCrossentropy(true) (softmax is applied inside the loss)");
        }
    }

    /**
     * Keras's {@code SparseCategoricalCrossentropy(from_logits=True)} (PyTorch's {@code CrossEntropyLoss}).
     *
     * @param fromLogits must be true: the model's last layer is a linear Dense producing logits
     * @return the loss
     * @throws ModelException when {@code fromLogits} is false
     */
    public static Loss sparseCategoricalCrossentropy(boolean fromLogits) {
        return new Loss(fromLogits);
    }

    /**
     * The name Keras uses for this loss, also the one saved in model files.
     *
     * @return "sparse_categorical_crossentropy"
     */
    public String kerasName() {
        return "sparse_categorical_crossentropy";
    }
}
