package clnn;

import clnn.train.TrainingListener;

/**
 * One {@link Callback} as the training loop's listener: turns its batch-update wishes into chunk boundaries and an
 * interval, and reads the running loss only when the callback is due (that read waits for the device).
 */
final class CallbackListener implements TrainingListener {
    private final Callback callback;
    private final int every;
    private final long intervalNanos;
    private int steps;
    private int epoch;
    private long lastCall;

    CallbackListener(Callback callback) {
        this.callback = callback;
        int n = callback.batchEndEvery();
        long interval = callback.batchEndIntervalNanos();
        if (n < 0) throw new ModelException("a callback's batchEndEvery() is " + n + "; return N >= 1, or 0 for none");
        if (interval <= 0) {
            throw new ModelException("a callback's batchEndIntervalNanos() is " + interval
                    + "; return a positive interval, or Long.MAX_VALUE for none");
        }
        this.every = n;
        this.intervalNanos = interval;
    }

    private boolean wantsBatches() {
        return every > 0 || intervalNanos != Long.MAX_VALUE;
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch) {
        steps = stepsPerEpoch;
        callback.onTrainBegin(epochs, stepsPerEpoch);
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
        lastCall = System.nanoTime();
        callback.onEpochBegin(epoch);
    }

    @Override
    public long updateIntervalNanos() {
        return intervalNanos;
    }

    @Override
    public int stepsUntilUpdate(int done) {
        return every > 0 ? every - done % every : Integer.MAX_VALUE;
    }

    @Override
    public void onStep(int step, RunningLoss probe) {
        if (!wantsBatches()) return;
        long now = System.nanoTime();
        boolean due = step == steps || (every > 0 && step % every == 0)
                || (intervalNanos != Long.MAX_VALUE && now - lastCall >= intervalNanos);
        if (!due) return;
        lastCall = now;
        callback.onBatchEnd(epoch, step, probe.read());
    }

    @Override
    public void onEpochEnd(History.Epoch e) {
        callback.onEpochEnd(e);
    }

    @Override
    public boolean stopRequested() {
        return callback.stopTraining();
    }

    @Override
    public void onTrainEnd(History history) {
        callback.onTrainEnd(history);
    }
}
