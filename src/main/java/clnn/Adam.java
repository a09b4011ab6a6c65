package clnn;

/**
 * Adam with Keras's defaults and Keras's form of the update (beta1 0.9, beta2 0.999, epsilon 1e-7):
 * <pre>
 *   alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 *   m += (g - m) * (1 - beta1)
 *   v += (g*g - v) * (1 - beta2)
 *   w -= alpha * m / (sqrt(v) + epsilon)
 * </pre>
 * Epsilon is added to sqrt(v) after bias correction is folded into alpha, which is where Keras
 * (unlike PyTorch) puts it. Serializable, to hand to another process.
 *
 * @param learningRate the step size before bias correction (Keras's default 0.001)
 * @param beta1        decay of the first moment
 * @param beta2        decay of the second moment
 * @param epsilon      added to sqrt(v)
 * @serial exclude
 */
public record Adam(float learningRate, float beta1, float beta2, float epsilon) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Checks the hyper-parameters.
     *
     * @param learningRate the step size, positive and finite
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the second moment, in [0, 1)
     * @param epsilon      added to sqrt(v), positive and finite
     * @throws ModelException when a value is out of its range
     */
    public Adam {
        if (!(learningRate > 0f) || !Float.isFinite(learningRate)) {
            throw new ModelException("Adam learning rate must be a positive number, got " + learningRate);
        }
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new ModelException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0f) || !Float.isFinite(epsilon)) {
            throw new ModelException("Adam epsilon must be a positive number, got " + epsilon);
        }
    }

    /**
     * Keras's {@code Adam(learning_rate=...)}: the given step size with the default betas (0.9, 0.999) and epsilon
     * (1e-7).
     *
     * @param learningRate the step size, positive and finite
     * @throws ModelException when the learning rate is not positive and finite
     */
    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-7f);
    }

    /** Keras's {@code Adam()}: learning rate 0.001, betas 0.9 and 0.999, epsilon 1e-7. */
    public Adam() {
        this(0.001f);
    }

    /**
     * The step size of update number {@code t}, bias correction included, in float32 as Keras does.
     *
     * @param t the update's number, from 1
     * @return {@code lr * sqrt(1 - beta2^t) / (1 - beta1^t)}
     * @throws ModelException when {@code t} is below 1
     */
    public float alpha(long t) {
        if (t < 1) throw new ModelException("Adam step " + t + " is not a step; updates are numbered from 1");
        double c2 = 1.0 - Math.pow(beta2, t);
        double c1 = 1.0 - Math.pow(beta1, t);
        return (float) (learningRate * Math.sqrt(c2) / c1);
    }
}
