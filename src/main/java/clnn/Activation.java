package clnn;

import java.util.Locale;

/**
 * Element-wise activations of a {@link Dense} layer. Each one knows its derivative in terms of its
 * own output {@code a = f(z)}, so the backward pass needs only the stored activations, never z.
 */
public enum Activation {
    /** f(z) = max(0, z); f'(z) = 1 where the output is positive, else 0 (Keras uses 0 at z = 0 too). */
    RELU,
    /** f(z) = z; used for logits. */
    LINEAR,
    /** f(z) = 1 / (1 + e^-z); f'(z) = a (1 - a). */
    SIGMOID;

    /**
     * The activation of one pre-activation value.
     *
     * @param z the pre-activation {@code x W + b} of one unit
     * @return {@code f(z)}
     */
    public float apply(float z) {
        return switch (this) {
            case RELU -> z > 0f ? z : 0f;
            case LINEAR -> z;
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-z)));
        };
    }

    /**
     * f'(z) expressed through the output a = f(z), which is all the backward pass keeps.
     *
     * @param a the activation's output {@code f(z)}
     * @return {@code f'(z)}
     */
    public float derivativeFromOutput(float a) {
        return switch (this) {
            case RELU -> a > 0f ? 1f : 0f;
            case LINEAR -> 1f;
            case SIGMOID -> a * (1f - a);
        };
    }

    /**
     * The name Keras uses for this activation ({@code activation="relu"}), also the one saved in model files.
     *
     * @return "relu", "linear" or "sigmoid"
     */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The activation with a Keras name, ignoring case and surrounding blanks.
     *
     * @param name "relu", "linear" or "sigmoid"
     * @return the matching activation
     * @throws ModelException when {@code name} is null or not relu, linear or sigmoid
     */
    public static Activation parse(String name) {
        if (name == null) throw new ModelException("the activation name is null; use relu, linear or sigmoid");
        for (Activation a : values()) {
            if (a.kerasName().equals(name.trim().toLowerCase(Locale.ROOT))) return a;
        }
        throw new ModelException("unknown activation '" + clnn.Text.printable(name) + "'; use relu, linear or sigmoid");
    }
}
