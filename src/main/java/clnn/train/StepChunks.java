package clnn.train;

/**
 * How many steps the loop hands the backend in one {@link TrainingSession#runSteps} call. A fused
 * backend runs a chunk as one call (or a few), so the fewer chunks the better; but the listener is only
 * told of progress between chunks, so a chunk should last no longer than the listener's update interval.
 * Without an interval (nothing drawn mid-epoch) a chunk is the whole epoch. With one, the first epoch
 * uses twentieths of the epoch (the bar's resolution) and later epochs size chunks from the previous
 * epoch's measured time per step.
 */
final class StepChunks {
    /** The first epoch's chunks, before any step was timed: a twentieth of the epoch, as the bar draws 20 cells. */
    static final int FIRST_EPOCH_PARTS = 20;

    private final long intervalNanos;
    private int chunk;

    StepChunks(long intervalNanos, int stepsPerEpoch) {
        if (intervalNanos <= 0) throw new IllegalArgumentException("update interval must be positive, got " + intervalNanos);
        this.intervalNanos = intervalNanos;
        this.chunk = intervalNanos == Long.MAX_VALUE ? stepsPerEpoch
                : Math.max(1, stepsPerEpoch / FIRST_EPOCH_PARTS);
    }

    /** Steps for the next call, of the {@code remaining} steps of this epoch (>= 1). */
    int next(int remaining) {
        return Math.max(1, Math.min(chunk, remaining));
    }

    /** Resizes the chunks from an epoch that took {@code seconds} for {@code steps} steps. */
    void epochTook(double seconds, int steps) {
        if (intervalNanos == Long.MAX_VALUE || steps < 1 || !(seconds > 0)) return;
        double perStepNanos = seconds * 1e9 / steps;
        chunk = (int) Math.max(1, Math.min(steps, intervalNanos / perStepNanos));
    }
}
