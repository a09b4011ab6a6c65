package clnn;

/**
 * The input of a {@link Sequential}: rows of {@code features} numbers. Serializable, as every layer spec.
 *
 * @param features the width of a row
 * @serial exclude
 */
public record Input(int features) implements Layer {
    private static final long serialVersionUID = 1L;

    /**
     * Keras's {@code keras.Input(shape=(features,))}.
     *
     * @param features the width of a row, at least 1
     * @throws ModelException when {@code features} is below 1
     */
    public Input {
        if (features <= 0) throw new ModelException("Input needs at least 1 feature, got " + features);
    }
}
