package clnn.train;

import clnn.History;

/** Hooks the training loop calls; the progress printer is one. All methods are optional. */
public interface TrainingListener {
    default void onTrainBegin(int epochs, int stepsPerEpoch) {
    }

    default void onEpochBegin(int epoch) {
    }

    /**
     * After a chunk of steps: {@code step} steps (1-based count) of the epoch are done. The loop runs steps in
     * chunks (one backend call each when steps are fused) sized by {@link #updateIntervalNanos}, so this is not
     * called after every step. {@code probe} reads the running epoch loss; on a queued device that waits for the
     * device, so call it only at a coarse interval.
     */
    default void onStep(int step, RunningLoss probe) {
    }

    /**
     * How often this listener wants {@link #onStep} during an epoch, in nanoseconds; the default,
     * {@code Long.MAX_VALUE}, means only at the end of the epoch (one chunk per epoch: the fastest).
     */
    default long updateIntervalNanos() {
        return Long.MAX_VALUE;
    }

    default void onEpochEnd(History.Epoch epoch) {
    }

    /** Reads the mean loss of the steps run so far in this epoch. */
    interface RunningLoss {
        double read();
    }

    TrainingListener SILENT = new TrainingListener() {
    };
}
