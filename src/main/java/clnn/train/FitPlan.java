package clnn.train;

import clnn.Fusion;
import clnn.TrainingState;
import java.util.function.Consumer;

/**
 * What the training loop needs to know about one fit: the API's FitOptions, resolved into plain
 * values, so the loop depends on nothing above it.
 *
 * @param epochs                the epoch to stop after (1-based count, including resumed epochs)
 * @param batchSize             rows per step; the last partial batch is used
 * @param seed                  seeds each epoch's shuffle (epoch e's permutation is derived from (seed, e))
 * @param shuffle               false keeps the data's row order in every epoch
 * @param earlyStoppingPatience epochs without a better val_loss before stopping; 0 is off
 * @param checkpointEvery       hand the state to {@code checkpointSink} every N epochs; 0 is off
 * @param checkpointSink        receives the state (may be null when checkpointEvery is 0)
 * @param resumeFrom            continue from this state, or null to start at epoch 1
 * @param fusion                whether whole steps may run fused ({@link clnn.backend.Backend#trainSteps})
 * @param initialEpoch          epochs already done before this fit (Keras's initial_epoch): the first epoch run is
 *                              number initialEpoch + 1 and shuffles as that epoch; 0 starts at epoch 1
 */
public record FitPlan(int epochs, int batchSize, long seed, boolean shuffle, int earlyStoppingPatience,
                      int checkpointEvery, Consumer<TrainingState> checkpointSink, TrainingState resumeFrom,
                      Fusion fusion, int initialEpoch) {
    /**
     * Checks the values the API does not check itself.
     *
     * @param epochs                the epoch to stop after
     * @param batchSize             rows per step
     * @param seed                  seeds each epoch's shuffle
     * @param shuffle               false keeps the data's row order
     * @param earlyStoppingPatience epochs without a better val_loss before stopping; 0 is off
     * @param checkpointEvery       hand the state to {@code checkpointSink} every N epochs; 0 is off
     * @param checkpointSink        receives the state (may be null when checkpointEvery is 0)
     * @param resumeFrom            continue from this state, or null
     * @param fusion                whether whole steps may run fused
     * @param initialEpoch          epochs done before this fit
     * @throws IllegalArgumentException when fusion is null or the initial epoch negative
     */
    public FitPlan {
        if (fusion == null) throw new IllegalArgumentException("fusion is null; use Fusion.AUTO or Fusion.OFF");
        if (initialEpoch < 0) throw new IllegalArgumentException("initial epoch " + initialEpoch + " is negative");
    }

    /**
     * A plan that starts at epoch 1 (initial epoch 0).
     *
     * @param epochs                the epoch to stop after
     * @param batchSize             rows per step
     * @param seed                  seeds each epoch's shuffle
     * @param shuffle               false keeps the data's row order
     * @param earlyStoppingPatience epochs without a better val_loss before stopping; 0 is off
     * @param checkpointEvery       hand the state to {@code checkpointSink} every N epochs; 0 is off
     * @param checkpointSink        receives the state (may be null when checkpointEvery is 0)
     * @param resumeFrom            continue from this state, or null
     * @param fusion                whether whole steps may run fused
     */
    public FitPlan(int epochs, int batchSize, long seed, boolean shuffle, int earlyStoppingPatience, int checkpointEvery,
                   Consumer<TrainingState> checkpointSink, TrainingState resumeFrom, Fusion fusion) {
        this(epochs, batchSize, seed, shuffle, earlyStoppingPatience, checkpointEvery, checkpointSink, resumeFrom, fusion, 0);
    }
}
