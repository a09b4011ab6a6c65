package clnn;

import java.util.Locale;

/**
 * Training produced a NaN or infinite loss or parameter. Thrown at the end of the epoch in which it
 * happened (the step is found on the device, without a sync per step); the weights of that epoch
 * are not kept.
 */
public class TrainingDivergedException extends ClnnException {
    /** The 1-based epoch in which training diverged (serialized). */
    private final int epoch;
    /** The 1-based step at which it diverged, or 0 when it is not known (serialized). */
    private final int step;

    /**
     * Training diverged at a known step.
     *
     * @param epoch        the 1-based epoch
     * @param step         the 1-based step within the epoch
     * @param steps        the epoch's steps
     * @param what         what was not finite, in words (e.g. "the loss is NaN")
     * @param learningRate the learning rate in use, named in the message as the likely cause
     */
    public TrainingDivergedException(int epoch, int step, int steps, String what, float learningRate) {
        this(String.format(Locale.ROOT, "training diverged at epoch %d, step %d of %d: %s; the learning rate %s is "
                + "probably too high (Keras's default is 0.001), or the data hold extreme values", epoch, step, steps,
                what, learningRate), epoch, step);
    }

    private TrainingDivergedException(String message, int epoch, int step) {
        super(message);
        this.epoch = epoch;
        this.step = step;
    }

    /**
     * The validation loss of {@code epoch} is NaN or infinite although the training loss was finite:
     * the weights or the validation rows hold values too large for float32. Its own message, since the
     * step is not known (validation runs once per epoch) and scaling the features is the likelier fix.
     *
     * @param epoch        the 1-based epoch
     * @param valLoss      the validation loss, NaN or infinite
     * @param learningRate the learning rate in use
     * @return the exception, with {@link #step()} 0
     */
    public static TrainingDivergedException validation(int epoch, double valLoss, float learningRate) {
        return new TrainingDivergedException(String.format(Locale.ROOT, "training diverged at epoch %d: the validation "
                + "loss is %s; lower the learning rate (now %s), or scale the features to about [-1, 1] (the data hold "
                + "values too large for float32)", epoch, valLoss, learningRate), epoch, 0);
    }

    /**
     * The epoch in which training diverged.
     *
     * @return the 1-based epoch
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The step at which training diverged.
     *
     * @return the 1-based step within the epoch, or 0 when it is not known (divergence found in validation)
     */
    public int step() {
        return step;
    }
}
