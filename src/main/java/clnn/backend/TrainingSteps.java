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

    /** Steps in one epoch. */
    public int steps() {
        return (rows + batch - 1) / batch;
    }

    public int layers() {
        return activations.length;
    }

    /** Rows that step {@code step} (0-based) trains on: {@code batch}, or fewer for the last step. */
    public int rowsOf(int step) {
        return Math.min(batch, rows - step * batch);
    }

    /** Where layer {@code l}'s (1-based) bias starts in the flat parameter array. */
    public int biasOffset(int l) {
        return weightOffsets[l - 1] + widths[l - 1] * widths[l];
    }

    /** The unfused calls of step {@code step} (0-based). */
    public Step step(int step) {
        return step == steps() - 1 && lastPartial != null ? lastPartial : full;
    }

    /**
     * The definition: steps {@code first .. first+count-1} call by call, each followed by Adam update number
     * {@code adamStepBefore + 1, + 2, ...}.
     */
    public void runUnfused(Backend backend, int first, int count, long adamStepBefore) {
        checkRange(first, count);
        long t = adamStepBefore;
        for (int s = first; s < first + count; s++) {
            step(s).run(backend, s * batch);
            backend.adam(adam, ++t);
        }
    }

    /** Throws unless {@code first .. first+count-1} are steps of this epoch and count >= 1. */
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
     * @param denseTail null for a one-layer network
     */
    public record Step(int rows, Gemm[] forward, SoftmaxCrossEntropy loss, Gemm[] backward, DenseTail denseTail) {
        /** Enqueues the step on {@code backend}; {@code offset} is where its rows start in the index. */
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
