package clnn;

/**
 * Hooks into {@link Sequential#fit}, as Keras's callbacks: pass them with {@link FitOptions#callbacks}. Every method
 * has a no-op default, so a callback overrides only what it needs:
 * <pre>{@code
 * Callback log = new Callback() {
 *     public void onEpochEnd(History.Epoch e) {
 *         System.out.printf("epoch %d: loss %.4f%n", e.epoch(), e.loss());
 *     }
 * };
 * model.fit(train, new FitOptions().epochs(40).verbose(0).callbacks(log));
 * }</pre>
 * Epochs are numbered from 1, as in {@link History.Epoch#epoch()} and the progress lines. The loop runs a whole epoch
 * as one fused call where it can, so {@link #onBatchEnd} is opt-in: a callback that asks neither
 * {@link #batchEndEvery()} nor {@link #batchEndIntervalNanos()} is never called mid-epoch and costs the fused path
 * nothing. To stop training (Keras's {@code model.stop_training = True}), answer true from {@link #stopTraining()};
 * the loop asks after every epoch, so training ends after the epoch in progress. Callbacks run on the thread that
 * called fit; an exception thrown by one ends the fit with that exception (before {@link #onTrainEnd} the model
 * keeps the weights and optimizer state it had). During the fit the model still holds the weights it started with:
 * they are written back at the end.
 */
public interface Callback {
    /**
     * Once, before the first epoch.
     *
     * @param epochs        the epoch fit stops after (counting any epochs done before, see
     *                      {@link FitOptions#initialEpoch})
     * @param stepsPerEpoch batches per epoch (the last one may be partial)
     */
    default void onTrainBegin(int epochs, int stepsPerEpoch) {
    }

    /**
     * Before each epoch's first batch.
     *
     * @param epoch the epoch about to run, from 1
     */
    default void onEpochBegin(int epoch) {
    }

    /**
     * After a batch, when this callback asked for it ({@link #batchEndEvery()} or {@link #batchEndIntervalNanos()});
     * always also after the epoch's last batch. Reading the running loss waits for the device, which is why it is not
     * offered after every batch unless asked.
     *
     * @param epoch       the epoch running, from 1
     * @param batchesDone batches of this epoch done so far (1 after the first)
     * @param runningLoss the mean loss of this epoch's rows so far (Keras's running {@code loss} log)
     */
    default void onBatchEnd(int epoch, int batchesDone, double runningLoss) {
    }

    /**
     * After each epoch (and its validation), with the entry {@link History} records for it.
     *
     * @param epoch the epoch's loss, accuracy, validation values, time and steps
     */
    default void onEpochEnd(History.Epoch epoch) {
    }

    /**
     * Once, after the last epoch (after early stopping restored its weights, if it did).
     *
     * @param history the history fit returns
     */
    default void onTrainEnd(History history) {
    }

    /**
     * Asked after every {@link #onEpochEnd}: true ends training after that epoch (Keras's
     * {@code model.stop_training = True}). Typically a field the callback sets in onEpochEnd or onBatchEnd.
     *
     * @return whether to stop; false by default
     */
    default boolean stopTraining() {
        return false;
    }

    /**
     * Asks for {@link #onBatchEnd} after every N-th batch of an epoch (and after its last); 0, the default, asks for
     * none. The loop then runs the steps in chunks of at most N, so small N slows a fused device.
     *
     * @return N, or 0 for no batch updates by count
     */
    default int batchEndEvery() {
        return 0;
    }

    /**
     * Asks for {@link #onBatchEnd} at most this often, in nanoseconds (the loop sizes its chunks of steps from the
     * measured step time, as the progress bar does; and after the epoch's last batch); {@code Long.MAX_VALUE}, the
     * default, asks for none. A coarse interval (100 ms and up) keeps a fused device busy.
     *
     * @return the interval in nanoseconds, or {@code Long.MAX_VALUE} for no batch updates by time
     */
    default long batchEndIntervalNanos() {
        return Long.MAX_VALUE;
    }
}
