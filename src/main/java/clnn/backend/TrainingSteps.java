package clnn.backend;

import clnn.Activation;

/**
 * Whole training steps of one epoch as one call: {@link Backend#trainSteps} runs steps
 * {@code first .. first+count-1}, each one
 * <pre>
 *   gather the batch's rows of X and y through index[step*batch ..]
 *   -> every layer's forward -> softmax cross-entropy (gradient and metrics)
 *   -> every layer's backward (dW, db, dZ) -> one Adam update of every parameter
 * </pre>
 * That sequence is {@link #runUnfused}: the per-op calls of {@link Step} followed by {@link Backend#adam}. It is
 * the definition of the call and the parity reference of any fused implementation, as {@link DenseTail}'s
 * default is for the dense tail. A backend that fuses must give the same results within the GEMM, softmax and Adam
 * tolerances, accumulate the same metrics (see {@link SoftmaxCrossEntropy}), leave {@code params}, {@code m} and
 * {@code v} as the unfused steps would, and may leave {@code grads} and the per-op workspace stale.
 *
 * <p>The network is described twice: as the unfused calls (which name every buffer) and as plain numbers
 * (widths, activations, the flat parameter layout) for a backend that generates one fused program per network.
 *
 * @param rows          rows in the data set: the epoch has {@code ceil(rows / batch)} steps, the last one partial
 *                      when batch does not divide rows
 * @param batch         rows per full step
 * @param widths        inputs, then each layer's units (length layers+1)
 * @param activations   each layer's activation (length layers; the last one's output is the logits)
 * @param weightOffsets where layer l's W (widths[l-1] x widths[l], row-major) starts in {@code params}, l = 1..L
 *                      at index l-1; its bias b (widths[l]) follows W directly. Gradients and moments share it
 * @param x             the data set, rows x widths[0] row-major (possibly allocated with {@link Backend#allocRows})
 * @param labels        one class per row, in 0..widths[L]-1
 * @param index         the epoch's row order: step s reads rows index[s*batch ..]
 * @param metrics       {@link SoftmaxCrossEntropy#METRIC_COUNT} running sums, as the loss call keeps them
 * @param full          the unfused calls of a full step
 * @param lastPartial   the unfused calls of the last, partial step; null when batch divides rows
 * @param adam          the update that follows every step (its params, grads, m, v are the fit's)
 */
public record TrainingSteps(int rows, int batch, int[] widths, Activation[] activations, int[] weightOffsets,
                            DeviceFloats x, DeviceInts labels, DeviceInts index, DeviceFloats metrics, Step full,
                            Step lastPartial, AdamUpdate adam) {
    /**
     * Refuses a description whose parts disagree, before any backend sees it.
     *
     * @param rows          rows in the data set, at least 1
     * @param batch         rows per full step, 1..rows
     * @param widths        inputs, then each layer's units
     * @param activations   one per layer
     * @param weightOffsets one per layer
     * @param x             the data set
     * @param labels        the labels
     * @param index         the epoch's row order
     * @param metrics       the running sums
     * @param full          a full step's calls
     * @param lastPartial   the partial step's calls, present exactly when batch does not divide rows
     * @param adam          the update after each step
     * @throws IllegalArgumentException when the batch, the per-layer arrays or the partial step do not fit
     */
    public TrainingSteps {
        if (rows < 1 || batch < 1 || batch > rows) {
            throw new IllegalArgumentException("training steps need 1 <= batch <= rows, got batch " + batch + " of " + rows);
        }
        if (widths.length < 2 || activations.length != widths.length - 1 || weightOffsets.length != activations.length) {
            throw new IllegalArgumentException("training steps need widths (layers+1), one activation and one offset per layer");
        }
        if ((lastPartial == null) != (rows % batch == 0)) {
            throw new IllegalArgumentException("a partial last step is needed exactly when the batch does not divide the rows");
        }
    }

    /**
     * Steps in one epoch.
     *
     * @return {@code ceil(rows / batch)}
     */
    public int steps() {
        return (rows + batch - 1) / batch;
    }

    /**
     * Dense layers in the network.
     *
     * @return the number of activations, L
     */
    public int layers() {
        return activations.length;
    }

    /**
     * Rows that a step trains on.
     *
     * @param step 0-based step in the epoch
     * @return {@code batch}, or fewer for the last step
     */
    public int rowsOf(int step) {
        return Math.min(batch, rows - step * batch);
    }

    /**
     * Where a layer's bias starts in the flat parameter array (right after its W).
     *
     * @param l the layer, 1-based
     * @return the bias's offset in {@code params}, gradients and moments alike
     */
    public int biasOffset(int l) {
        return weightOffsets[l - 1] + widths[l - 1] * widths[l];
    }

    /**
     * The unfused calls of one step.
     *
     * @param step 0-based step in the epoch
     * @return {@code lastPartial} for the last step when there is one, else {@code full}
     */
    public Step step(int step) {
        return step == steps() - 1 && lastPartial != null ? lastPartial : full;
    }

    /**
     * The definition: steps {@code first .. first+count-1} call by call, each followed by Adam update number
     * {@code adamStepBefore + 1, + 2, ...}.
     *
     * @param backend        where the calls are enqueued
     * @param first          0-based index of the first step
     * @param count          number of steps
     * @param adamStepBefore Adam updates made before step {@code first}
     * @throws IllegalArgumentException when the steps are not in this epoch (see {@link #checkRange})
     */
    public void runUnfused(Backend backend, int first, int count, long adamStepBefore) {
        checkRange(first, count);
        long t = adamStepBefore;
        for (int s = first; s < first + count; s++) {
            step(s).run(backend, s * batch);
            backend.adam(adam, ++t);
        }
    }

    /**
     * Throws unless {@code first .. first+count-1} are steps of this epoch and {@code count >= 1}; fused backends
     * call it before they launch.
     *
     * @param first 0-based index of the first step
     * @param count number of steps
     * @throws IllegalArgumentException when the range is empty or leaves the epoch
     */
    public void checkRange(int first, int count) {
        if (first < 0 || count < 1 || first + count > steps()) {
            throw new IllegalArgumentException("steps " + first + ".." + (first + count - 1) + " are not in an epoch of "
                    + steps() + " steps");
        }
    }

    /**
     * The per-op calls of one step (Adam aside): layer 1's forward GEMM, then the {@link DenseTail} (layers 2..L
     * forward, the loss, their backward down to dZ_1) when the network has more than one layer, then layer 1's
     * weight gradient. A one-layer network runs {@code forward}, {@code loss}, {@code backward} in turn.
     *
     * @param rows      rows in this step's batch
     * @param forward   the forward GEMMs (with a dense tail, only {@code forward[0]} is run here)
     * @param loss      the loss call (run here only without a dense tail)
     * @param backward  the backward GEMMs (with a dense tail, only the last, layer 1's weight gradient, is run here)
     * @param denseTail layers 2..L as one call; null for a one-layer network
     */
    public record Step(int rows, Gemm[] forward, SoftmaxCrossEntropy loss, Gemm[] backward, DenseTail denseTail) {
        /**
         * Enqueues the step's calls on a backend, Adam aside.
         *
         * @param backend where the calls go
         * @param offset  where the step's rows start in the epoch's index ({@code step * batch})
         */
        public void run(Backend backend, int offset) {
            if (denseTail == null) {
                for (Gemm g : forward) backend.gemm(g, offset);
                backend.softmaxCrossEntropy(loss, offset);
                for (Gemm g : backward) backend.gemm(g, offset);
            } else {
                backend.gemm(forward[0], offset);
                backend.denseTail(denseTail, offset);
                backend.gemm(backward[backward.length - 1], offset);
            }
        }
    }
}
