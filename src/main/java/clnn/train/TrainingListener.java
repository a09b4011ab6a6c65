package clnn.train;

import clnn.History;
import java.util.List;

/** Hooks the training loop calls; the progress printer and the API's callbacks are ones. All methods are optional. */
public interface TrainingListener {
    /**
     * Once, before the first epoch.
     *
     * @param epochs        the epoch the fit stops after
     * @param stepsPerEpoch steps in each epoch
     */
    default void onTrainBegin(int epochs, int stepsPerEpoch) {
    }

    /**
     * Before each epoch.
     *
     * @param epoch the epoch, from 1
     */
    default void onEpochBegin(int epoch) {
    }

    /**
     * After a chunk of steps: {@code step} steps (1-based count) of the epoch are done. The loop runs steps in
     * chunks (one backend call each when steps are fused) sized by {@link #updateIntervalNanos} and
     * {@link #stepsUntilUpdate}, so this is not called after every step; it is always called once the epoch's last
     * step is done. {@code probe} reads the running epoch loss; on a queued device that waits for the device, so call
     * it only at a coarse interval.
     *
     * @param step  steps of the epoch done
     * @param probe reads the running loss
     */
    default void onStep(int step, RunningLoss probe) {
    }

    /**
     * How often this listener wants {@link #onStep} during an epoch, in nanoseconds; the default,
     * {@code Long.MAX_VALUE}, means only at the end of the epoch (one chunk per epoch: the fastest).
     *
     * @return nanoseconds between updates
     */
    default long updateIntervalNanos() {
        return Long.MAX_VALUE;
    }

    /**
     * With {@code done} steps of the epoch run, how many more steps this listener lets the loop run before it wants
     * {@link #onStep} (at least 1); the default, {@code Integer.MAX_VALUE}, sets no such boundary. A listener that
     * wants every N-th step answers {@code N - done % N}.
     *
     * @param done steps of the epoch run so far
     * @return steps the next chunk may hold at most
     */
    default int stepsUntilUpdate(int done) {
        return Integer.MAX_VALUE;
    }

    /**
     * After each epoch.
     *
     * @param epoch the entry the history records for it
     */
    default void onEpochEnd(History.Epoch epoch) {
    }

    /**
     * Asked after every {@link #onEpochEnd}.
     *
     * @return whether training should stop after that epoch
     */
    default boolean stopRequested() {
        return false;
    }

    /**
     * Once, after the last epoch (and after early stopping restored its weights).
     *
     * @param history the whole history
     */
    default void onTrainEnd(History history) {
    }

    /** Reads the mean loss of the steps run so far in this epoch. */
    interface RunningLoss {
        /**
         * Reads it (waits for the device).
         *
         * @return the mean loss of this epoch's rows so far
         */
        double read();
    }

    /** Hears nothing and asks for nothing. */
    TrainingListener SILENT = new TrainingListener() {
    };

    /**
     * Every listener of {@code all}, in order: the finest update interval and the nearest step boundary of any.
     *
     * @param all the listeners
     * @return one listener that tells them all
     */
    static TrainingListener all(List<? extends TrainingListener> all) {
        List<TrainingListener> listeners = List.copyOf(all);
        if (listeners.size() == 1) return listeners.get(0);
        return new TrainingListener() {
            @Override
            public void onTrainBegin(int epochs, int stepsPerEpoch) {
                for (TrainingListener l : listeners) l.onTrainBegin(epochs, stepsPerEpoch);
            }

            @Override
            public void onEpochBegin(int epoch) {
                for (TrainingListener l : listeners) l.onEpochBegin(epoch);
            }

            @Override
            public void onStep(int step, RunningLoss probe) {
                for (TrainingListener l : listeners) l.onStep(step, probe);
            }

            @Override
            public long updateIntervalNanos() {
                return listeners.stream().mapToLong(TrainingListener::updateIntervalNanos).min().orElse(Long.MAX_VALUE);
            }

            @Override
            public int stepsUntilUpdate(int done) {
                int next = Integer.MAX_VALUE;
                for (TrainingListener l : listeners) next = Math.min(next, l.stepsUntilUpdate(done));
                return next;
            }

            @Override
            public void onEpochEnd(History.Epoch epoch) {
                for (TrainingListener l : listeners) l.onEpochEnd(epoch);
            }

            @Override
            public boolean stopRequested() {
                // Every listener is asked (none short-circuits another's bookkeeping).
                boolean stop = false;
                for (TrainingListener l : listeners) stop |= l.stopRequested();
                return stop;
            }

            @Override
            public void onTrainEnd(History history) {
                for (TrainingListener l : listeners) l.onTrainEnd(history);
            }
        };
    }
}
