package clnn;

/**
 * A fully connected layer, {@code a = activation(x W + b)} with W shaped (inputs, units) and b
 * shaped (units), exactly as Keras stores them.
 *
 * @param units      output width
 * @param activation element-wise activation of the output
 * @param name       layer name shown by {@link Sequential#summary()}; null for Keras's default
 *                   ("dense", "dense_1", ...)
 */
public record Dense(int units, Activation activation, String name) implements Layer {
    public Dense {
        if (units <= 0) throw new ModelException("Dense layer needs at least 1 unit, got " + units);
        if (activation == null) throw new ModelException("Dense layer needs an activation (use Activation.LINEAR for none)");
    }

    public Dense(int units, Activation activation) {
        this(units, activation, null);
    }
}
