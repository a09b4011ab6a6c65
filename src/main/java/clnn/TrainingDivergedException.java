package clnn;

import java.util.Locale;

/**
 * Training produced a NaN or infinite loss or parameter. Thrown at the end of the epoch in which it
 * happened (the step is found on the device, without a sync per step); the weights of that epoch
 * are not kept.
 */
public class TrainingDivergedException extends ClnnException {
    private final int epoch;
    private final int step;

    public TrainingDivergedException(int epoch, int step, int steps, String what, float learningRate) {
        super(String.format(Locale.ROOT, "training diverged at epoch %d, step %d of %d: %s; the learning rate %s is "
                + "probably too high (Keras's default is 0.001), or the data hold extreme values", epoch, step, steps,
                what, learningRate));
        this.epoch = epoch;
        this.step = step;
    }

    public int epoch() {
        return epoch;
    }

    public int step() {
        return step;
    }
}
