package clnn.backend.cpu;

import static clnn.backend.cpu.FusedKernels.L;

import clnn.Activation;
import clnn.Adam;
import clnn.backend.SoftmaxCrossEntropy;

/**
 * Whole training steps of one small dense network, on plain arrays, in the padded layout of {@link FusedLayout}:
 * the fused form of {@link clnn.backend.TrainingSteps} on the Vector API twin ({@link FusedSteps} is the glue, the
 * rule and the cache). One step is
 * <pre>
 *   gather   the batch's row offsets into X through the permutation (X itself is read in place)
 *   forward  A_l = act_l(A_{l-1} W_l + b_l), l = 1..L        tiles of 8 rows x 2 vectors, broadcast-FMA over k
 *   loss     dZ_L = (softmax(A_L) - onehot(y)) / rows, metrics += ...   the reference's math, one exp per element
 *   backward dW_l = A_{l-1}^T dZ_l (8 rows x 2 vectors, summed over the batch), db_l = colsum(dZ_l),
 *            dZ_{l-1} = (dZ_l W_l^T) * act'(A_{l-1})   (8 rows x 2 vectors over a transposed copy of W_l)
 *   adam     every padded parameter, whole vectors; then the transposed copies of W_2..W_L follow W
 * </pre>
 * The math is the reference's ({@link CpuBackend}): the same formulas, the same float operations for the bias,
 * activations, softmax, column sums and Adam. The products sum with FMA over k in index order, as the per-op Vector
 * API twin's GEMMs do (its small-product loops and {@link BlockedGemm} alike), so fused steps give the per-op twin's
 * bits (FusedStepsTest), and both are within the GEMM tolerance of the reference, which does not fuse the multiply
 * and the add. Nothing is allocated per step: every array belongs to this object, which serves one network and batch
 * and is not thread-safe.
 */
final class FusedMlp {
    final FusedLayout layout;
    private final float[] params;
    private final float[] grads;
    private final float[] m;
    private final float[] v;
    /** transposed[l] = W_l^T for l >= 2: widths[l] rows of pad[l-1] floats, for dA. */
    private final float[][] transposed;
    /** act[l], delta[l] (l = 1..L): rowsPadded rows of pad[l] floats. */
    private final float[][] act;
    private final float[][] delta;
    /**
     * rowAt[l]: where row r of layer l's input starts. rowAt[0] is X's gather, refilled every step (rows past the
     * step's last repeat its last row, so the 8-row tiles never read outside X); rowAt[l >= 1] is r * pad[l], for
     * both act[l] and delta[l].
     */
    private final int[][] rowAt;

    FusedMlp(FusedLayout layout) {
        if (layout.lanes != L) throw new IllegalArgumentException("layout for " + layout.lanes + " lanes, kernels " + L);
        this.layout = layout;
        int layers = layout.layers();
        params = new float[layout.paddedParams];
        grads = new float[layout.paddedParams];
        m = new float[layout.paddedParams];
        v = new float[layout.paddedParams];
        transposed = new float[layers + 1][];
        act = new float[layers + 1][];
        delta = new float[layers + 1][];
        rowAt = new int[layers + 1][layout.rowsPadded];
        for (int l = 1; l <= layers; l++) {
            if (l >= 2) transposed[l] = new float[layout.transposedFloats(l)];
            act[l] = new float[layout.rowsPadded * layout.pad[l]];
            delta[l] = new float[layout.rowsPadded * layout.pad[l]];
            for (int r = 0; r < layout.rowsPadded; r++) rowAt[l][r] = r * layout.pad[l];
        }
    }

    /**
     * Copies the engine's flat parameters and moments (W_l at {@code weightOffsets[l-1]}, row-major, b_l right
     * after it) into the padded layout, and W_2..W_L into their transposed copies.
     */
    void load(float[] engineParams, float[] engineM, float[] engineV, int[] weightOffsets) {
        int[] w = layout.widths;
        for (int l = 1; l <= layout.layers(); l++) {
            int in = w[l - 1];
            int out = w[l];
            int pad = layout.pad[l];
            int from = weightOffsets[l - 1];
            for (int k = 0; k <= in; k++) { // rows 0..in-1 of W, then b as row "in"
                int src = from + k * out;
                int dst = layout.weightAt[l] + k * pad;
                System.arraycopy(engineParams, src, params, dst, out);
                System.arraycopy(engineM, src, m, dst, out);
                System.arraycopy(engineV, src, v, dst, out);
            }
        }
        transposeWeights();
    }

    /** Copies the real parameters and moments back into the engine's flat layout. */
    void store(float[] engineParams, float[] engineM, float[] engineV, int[] weightOffsets) {
        int[] w = layout.widths;
        for (int l = 1; l <= layout.layers(); l++) {
            int out = w[l];
            for (int k = 0; k <= w[l - 1]; k++) {
                int dst = weightOffsets[l - 1] + k * out;
                int src = layout.weightAt[l] + k * layout.pad[l];
                System.arraycopy(params, src, engineParams, dst, out);
                System.arraycopy(m, src, engineM, dst, out);
                System.arraycopy(v, src, engineV, dst, out);
            }
        }
    }

    /**
     * Steps {@code first .. first+count-1} of an epoch over {@code rows} rows, each followed by Adam update number
     * {@code adamStepBefore + 1, + 2, ...}; the metrics accumulate into {@code metrics} as the loss op's do.
     *
     * @param x      rows x widths[0], row-major
     * @param index  the epoch's row order: step s trains on rows index[s*batch ..]
     */
    void steps(float[] x, int[] labels, int[] index, float[] metrics, int rows, int first, int count,
               long adamStepBefore, Adam adam) {
        int batch = layout.batch;
        for (int s = first; s < first + count; s++) {
            int offset = s * batch;
            step(x, labels, index, offset, Math.min(batch, rows - offset), metrics);
            update(adam, adamStepBefore + 1 + (s - first));
        }
    }

    /** Forward, loss and backward of one batch of {@code rows} rows starting at {@code index[offset]}. */
    private void step(float[] x, int[] labels, int[] index, int offset, int rows, float[] metrics) {
        int[] w = layout.widths;
        int[] pad = layout.pad;
        int layers = layout.layers();
        int[] xAt = rowAt[0];
        for (int r = 0; r < layout.rowsPadded; r++) xAt[r] = index[offset + Math.min(r, rows - 1)] * w[0];
        int tiles = FusedLayout.roundUp(rows, FusedLayout.ROW_BLOCK);
        for (int l = 1; l <= layers; l++) {
            product(l == 1 ? x : act[l - 1], rowAt[l - 1], tiles, w[l - 1], params, layout.weightAt[l], pad[l],
                    act[l]);
            FusedKernels.biasActivation(layout.activations[l - 1], act[l], pad[l], rows, w[l], params,
                    layout.biasAt[l]);
        }
        softmaxCrossEntropy(act[layers], delta[layers], pad[layers], rows, w[layers], labels, index, offset, metrics);
        for (int l = layers; l >= 1; l--) {
            weightGradient(l == 1 ? x : act[l - 1], rowAt[l - 1], rows, w[l - 1], delta[l], pad[l],
                    layout.weightAt[l]);
            FusedKernels.columnSums(delta[l], pad[l], rows, pad[l], grads, layout.biasAt[l]);
            if (l > 1) {
                // dZ_{l-1} = dZ_l W_l^T over the real units only (dZ_l's padding lanes are never read).
                product(delta[l], rowAt[l], tiles, w[l], transposed[l], 0, pad[l - 1], delta[l - 1]);
                FusedKernels.timesDerivative(layout.activations[l - 2], delta[l - 1], act[l - 1], pad[l - 1], rows);
            }
        }
    }

    /**
     * {@code c[r][0..n) = sum_{p<k} a[aAt[r] + p] * b[bAt + p*n + (0..n)]} for rows r &lt; tiles (a multiple of 8),
     * n a multiple of 2L: tiles of 8 rows by 2 vectors.
     */
    private static void product(float[] a, int[] aAt, int tiles, int k, float[] b, int bAt, int n, float[] c) {
        for (int r0 = 0; r0 < tiles; r0 += FusedLayout.ROW_BLOCK) {
            for (int j0 = 0; j0 < n; j0 += 2 * L) FusedKernels.rows8x2(a, aAt, r0, k, b, bAt + j0, n, c, j0, n);
        }
    }

    /** dW_l (in x pad, padded rows) = A^T dZ over the batch's {@code rows} rows, 8 rows of W at a time. */
    private void weightGradient(float[] a, int[] aAt, int rows, int in, float[] dz, int pad, int wAt) {
        for (int k0 = 0; k0 < in; k0 += 8) {
            int last = Math.min(7, in - 1 - k0);
            for (int j0 = 0; j0 < pad; j0 += 2 * L) {
                FusedKernels.kRows8x2(a, aAt, rows, k0, last, dz, j0, pad, grads, wAt + j0, pad);
            }
        }
    }

    /**
     * {@link SoftmaxCrossEntropy}'s math exactly as {@link CpuBackend#softmaxCrossEntropyOf} writes it (max
     * subtracted, float sums in class order, the same metrics), except that each exp is computed once and kept in
     * the gradient row: {@code Math.exp} is deterministic, so the bits are the reference's.
     */
    static void softmaxCrossEntropy(float[] z, float[] grad, int ld, int rows, int classes, int[] labels, int[] index,
                                    int offset, float[] metrics) {
        float lossSum = 0f;
        float correct = 0f;
        for (int r = 0, at = 0; r < rows; r++, at += ld) {
            int label = labels[index[offset + r]];
            float max = z[at];
            int argmax = 0;
            for (int j = 1; j < classes; j++) {
                if (z[at + j] > max) {
                    max = z[at + j];
                    argmax = j;
                }
            }
            float sumExp = 0f;
            for (int j = 0; j < classes; j++) {
                float e = (float) Math.exp(z[at + j] - max);
                grad[at + j] = e;
                sumExp += e;
            }
            float logSumExp = (float) Math.log(sumExp);
            lossSum += logSumExp - (z[at + label] - max);
            if (argmax == label) correct += 1f;
            for (int j = 0; j < classes; j++) {
                float p = grad[at + j] / sumExp;
                grad[at + j] = (p - (j == label ? 1f : 0f)) / rows;
            }
        }
        float before = metrics[SoftmaxCrossEntropy.ROWS];
        metrics[SoftmaxCrossEntropy.LOSS_SUM] += lossSum;
        metrics[SoftmaxCrossEntropy.CORRECT] += correct;
        metrics[SoftmaxCrossEntropy.ROWS] += rows;
        if (!Float.isFinite(lossSum) && metrics[SoftmaxCrossEntropy.FIRST_NONFINITE] == 0f) {
            metrics[SoftmaxCrossEntropy.FIRST_NONFINITE] = before + 1f;
        }
    }

    /** Adam update number {@code t} over every padded parameter, then W_2..W_L's transposed copies. */
    private void update(Adam adam, long t) {
        FusedKernels.adam(params, grads, m, v, layout.paddedParams, adam.alpha(t), 1f - adam.beta1(),
                1f - adam.beta2(), adam.epsilon());
        transposeWeights();
    }

    /** transposed[l][j][k] = W_l[k][j] for the real k and j; the padding columns stay zero. */
    private void transposeWeights() {
        int[] w = layout.widths;
        for (int l = 2; l <= layout.layers(); l++) {
            float[] t = transposed[l];
            int ldt = layout.pad[l - 1];
            int pad = layout.pad[l];
            for (int k = 0, src = layout.weightAt[l]; k < w[l - 1]; k++, src += pad) {
                for (int j = 0; j < w[l]; j++) t[j * ldt + k] = params[src + j];
            }
        }
    }

    /** The padded parameters, for tests. */
    float[] paddedParams() {
        return params;
    }
}
