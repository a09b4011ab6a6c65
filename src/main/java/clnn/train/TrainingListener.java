package clnn.train;

import clnn.History;

/** Hooks the training loop calls; the progress printer is one. All methods are optional. */
public interface TrainingListener {
    default void onTrainBegin(int epochs, int stepsPerEpoch) {
    }

    default void onEpochBegin(int epoch) {
    }

    /**
     * After step {@code step} (1-based) of the epoch. {@code probe} reads the running epoch loss; on
     * a queued device that waits for the device, so call it only at a coarse interval.
     */
    default void onStep(int step, RunningLoss probe) {
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
