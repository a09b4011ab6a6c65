package clnn;

import java.util.List;

/**
 * Everything needed to continue a fit exactly where it was: the parameters, Adam's moments and step
 * count, the epochs done and their history, and the early-stopping bookkeeping. Shuffles need no
 * saved generator: epoch e's permutation is derived from (seed, e). Continuing from a state gives
 * bit-identical results on the CPU path.
 *
 * @param bestParams the weights of the best validation epoch so far (early stopping), or null
 */
public record TrainingState(int epochsDone, long adamStep, float[] params, float[] adamM, float[] adamV,
                            List<History.Epoch> history, float[] bestParams, double bestValLoss, int bestEpoch,
                            int sinceBest) {
}
