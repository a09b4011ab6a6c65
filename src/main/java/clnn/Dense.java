package clnn;

/**
 * A fully connected layer, {@code a = activation(x W + b)} with W shaped (inputs, units) and b
 * shaped (units), exactly as Keras stores them.
 *
 * @param units      output width
 * @param activation element-wise activation of the output
 * @param name       layer name shown by {@link Sequential#summary()}; null for Keras's default
 *                   ("dense", "dense_1", ...)
 * @serial exclude
 */
public record Dense(int units, Activation activation, String name) implements Layer {
    private static final long serialVersionUID = 1L;

    /**
     * Checks the layer's spec.
     *
     * @param units      output width, at least 1
     * @param activation element-wise activation of the output, not null
     * @param name       layer name, or null for Keras's default; no comma or control character
     * @throws ModelException when units is below 1, the activation is null, or the name cannot be saved
     */
    public Dense {
        if (units <= 0) throw new ModelException("Dense layer needs at least 1 unit, got " + units);
        if (activation == null) throw new ModelException("Dense layer needs an activation (use Activation.LINEAR for none)");
        // model.mat keeps the names as one comma-separated text: a comma or a control character would
        // save a file that cannot be loaded again.
        if (name != null && (name.isBlank() || name.contains(",") || name.codePoints().anyMatch(Character::isISOControl))) {
            throw new ModelException("Dense layer name '" + clnn.Text.printable(name, 60) + "' is empty or holds a "
                    + "comma or a control character; use letters, digits and _ (such as dense_1)");
        }
    }

    /**
     * Keras's {@code Dense(units, activation=...)} with the default name ("dense", "dense_1", ...).
     *
     * @param units      output width, at least 1
     * @param activation element-wise activation of the output, not null
     * @throws ModelException when units is below 1 or the activation is null
     */
    public Dense(int units, Activation activation) {
        this(units, activation, null);
    }
}
