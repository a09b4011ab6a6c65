package clnn.backend.cpu;

import clnn.Activation;
import java.util.Arrays;

/**
 * Where {@link FusedMlp} keeps a network: every layer's width rounded up to whole tiles of 2 vectors (32 floats
 * with AVX-512), so each kernel works on whole register tiles and never on a remainder. (Padding to single vectors
 * would save work in layers narrower than a tile, which are cheap anyway, but needs a second form of each kernel:
 * more code, and more for C2 to compile before the first fast step.) Plain arithmetic (no Vector API), so the rule
 * and the sizes can be stated and tested on their own.
 *
 * <p>For layers l = 1..L with {@code in = widths[l-1]} inputs and {@code out = widths[l]} units, {@code pad(l)} is
 * {@code out} rounded up to {@link #tile} floats. The flat padded parameter array holds, layer by layer, W_l as
 * {@code in} rows of {@code pad(l)} floats (the engine's row-major W with each row widened) and then b_l as
 * {@code pad(l)} floats; gradients and Adam's moments use the same layout, so Adam runs over whole vectors. The
 * input width is not padded: X is read in place, through the permutation.
 *
 * <p>The padding lanes never feed a real lane: a forward product sums over the real inputs only, dA sums over the
 * real units only, and every other op is lane by lane. They start at zero and, fed zero gradients, stay zero.
 *
 * <p>Scratch rows: the activations and deltas hold {@code rowsPadded} rows (the batch rounded up to the forward
 * kernel's 8-row block); rows past a step's last real row are computed and never summed into anything.
 */
final class FusedLayout {
    /** Rows of the forward and dA kernels' register tile. */
    static final int ROW_BLOCK = 8;

    final int[] widths;
    final Activation[] activations;
    final int batch;
    /** Floats per vector. */
    final int lanes;
    /** Floats per register tile: 2 vectors. */
    final int tile;
    /** pad[l]: widths[l] rounded up to {@link #tile}, l = 1..L (pad[0] = widths[0], the input, not padded). */
    final int[] pad;
    /** Where W_l starts in the padded flat array, at index l (index 0 unused). */
    final int[] weightAt;
    /** Where b_l starts in the padded flat array, at index l. */
    final int[] biasAt;
    /** Floats in the padded flat parameter array: a multiple of {@link #lanes}. */
    final int paddedParams;
    /** Floats in the engine's flat parameter array (no padding). */
    final int realParams;
    final int rowsPadded;

    FusedLayout(int[] widths, Activation[] activations, int batch, int lanes) {
        if (widths.length < 2 || activations.length != widths.length - 1 || batch < 1 || lanes < 1) {
            throw new IllegalArgumentException("a fused layout needs widths (layers+1), one activation per layer, "
                    + "batch >= 1 and lanes >= 1");
        }
        this.widths = widths.clone();
        this.activations = activations.clone();
        this.batch = batch;
        this.lanes = lanes;
        this.tile = 2 * lanes;
        int layers = activations.length;
        pad = new int[layers + 1];
        weightAt = new int[layers + 1];
        biasAt = new int[layers + 1];
        pad[0] = widths[0];
        long at = 0;
        long real = 0;
        for (int l = 1; l <= layers; l++) {
            real += (long) widths[l - 1] * widths[l] + widths[l];
            pad[l] = roundUp(widths[l], tile);
            weightAt[l] = (int) at;
            at += (long) widths[l - 1] * pad[l];
            biasAt[l] = (int) at;
            at += pad[l];
            if (at > Integer.MAX_VALUE / 8) throw new IllegalArgumentException("too many parameters to fuse: " + at);
        }
        paddedParams = (int) at;
        realParams = (int) real;
        rowsPadded = roundUp(batch, ROW_BLOCK);
    }

    int layers() {
        return activations.length;
    }

    /** Floats of W_l^T kept for dA (layers 2..L): widths[l] rows of pad[l-1]. */
    int transposedFloats(int l) {
        return widths[l] * pad[l - 1];
    }

    /**
     * Bytes the fused steps keep hot between steps, the data set aside: the padded parameters, gradients and both
     * moments, the transposed weights of layers 2..L, and the activations and deltas of one batch.
     */
    long workingSetBytes() {
        long floats = 4L * paddedParams;
        for (int l = 1; l <= layers(); l++) {
            if (l >= 2) floats += transposedFloats(l);
            floats += 2L * rowsPadded * pad[l];
        }
        return 4 * floats;
    }

    /** "32-32-32": the padded widths of the layers. */
    String paddedWidths() {
        StringBuilder sb = new StringBuilder();
        for (int l = 1; l <= layers(); l++) sb.append(l > 1 ? "-" : "").append(pad[l]);
        return sb.toString();
    }

    /** Same network, batch and vector length: the same scratch serves both. */
    boolean sameAs(int[] otherWidths, Activation[] otherActivations, int otherBatch) {
        return batch == otherBatch && Arrays.equals(widths, otherWidths) && Arrays.equals(activations, otherActivations);
    }

    static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }
}
