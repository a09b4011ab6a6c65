package clnn;

import java.io.Serializable;
import java.util.List;

/**
 * Everything needed to continue a fit exactly where it was: the parameters, Adam's moments and step
 * count, the epochs done and their history, and the early-stopping bookkeeping. Shuffles need no
 * saved generator: epoch e's permutation is derived from (seed, e). Continuing from a state gives
 * bit-identical results on the CPU path. Serializable, to hand to another process.
 *
 * @param epochsDone  epochs trained so far
 * @param adamStep    Adam updates done so far
 * @param params      the flat parameters
 * @param adamM       Adam's first moments
 * @param adamV       Adam's second moments
 * @param history     one entry per epoch done
 * @param bestParams  the weights of the best validation epoch so far (early stopping), or null
 * @param bestValLoss the lowest validation loss so far, or NaN without early stopping
 * @param bestEpoch   the epoch of {@code bestValLoss} (1-based), or 0
 * @param sinceBest   epochs since the best one
 * @serial exclude
 */
public record TrainingState(int epochsDone, long adamStep, float[] params, float[] adamM, float[] adamV,
                            List<History.Epoch> history, float[] bestParams, double bestValLoss, int bestEpoch,
                            int sinceBest) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Adam's part of this state, as {@link Sequential#setOptimizerState} takes it.
     *
     * @return the step and copies of the moments
     * @throws ModelException when the moments are null, of different lengths, or not finite
     */
    public OptimizerState optimizerState() {
        return new OptimizerState(adamStep, adamM, adamV);
    }
}
