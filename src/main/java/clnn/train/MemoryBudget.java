package clnn.train;

import clnn.ModelException;
import clnn.data.HeapBudget;

/**
 * The Java heap a model, a fit or a forward pass will need, estimated from the shapes before
 * anything large is allocated, so that a model too big for the heap is refused with one line that
 * says what would fit instead of dying minutes later with an OutOfMemoryError.
 *
 * <p>All counts are 4-byte floats or ints. With P parameters, a batch of B rows, n training rows of
 * F features, widths w_1..w_L of the layers and v validation rows:
 * <pre>
 *   model                 4 P                                            the params array
 *   fit, every device     4 (4 P)                                        Adam's moments: read back, and the model's copy
 *                       + 4 P                  with early stopping       the best epoch's weights
 *                       + 4 (3 P) + 8 (3 P)    with checkpoints          read-back floats + the MAT file's doubles
 *                       + 4 n F                with a validation split   the split's copies of the rows
 *   fit, host arrays    + 4 (4 P)                                        device params, gradients, Adam m, v
 *   (the CPU path)      + 4 (2 min(B, n) sum w_l)                        activations and deltas of one batch
 *                       + 4 n (F + 2)                                    X, labels, the permutation
 *                       + 4 v (F + 2) + 4 min(1024, v) sum w_l           validation upload and workspace
 *   forward pass          4 n w_L              when logits are returned  the logits
 *                       + 4 n (F + 2) + 4 min(1024, n) sum w_l           on host arrays: the upload and one chunk
 * </pre>
 * The heap available is {@code maxMemory - (totalMemory - freeMemory)} less a margin for the JVM's
 * own needs; garbage counts as used until a collection, so one collection is asked for before refusing.
 */
public final class MemoryBudget {
    private MemoryBudget() {
    }

    /**
     * Bytes the heap can still give, after the margin ({@link HeapBudget#available()}).
     *
     * @return bytes, possibly negative when the heap is already past the margin
     */
    public static long availableBytes() {
        return HeapBudget.available();
    }

    /**
     * The params array of a model.
     *
     * @param params the parameter count
     * @return bytes
     */
    public static long modelBytes(long params) {
        return 4 * params;
    }

    /**
     * What a fit adds to the heap (see the class comment).
     *
     * @param s              the network
     * @param rows           training rows
     * @param batch          rows per step
     * @param validationRows validation rows, or 0
     * @param hostArrays     whether the device's buffers are Java arrays (the CPU path)
     * @param earlyStopping  whether early stopping keeps the best weights
     * @param checkpoints    whether checkpoints are written
     * @param split          whether a validation split copies the rows
     * @return bytes
     */
    public static long fitBytes(NetworkShape s, int rows, int batch, int validationRows, boolean hostArrays,
                                boolean earlyStopping, boolean checkpoints, boolean split) {
        long p = s.paramCount();
        long f = s.inputs();
        long widths = sumOfWidths(s);
        long floats = 4 * p;
        if (earlyStopping) floats += p;
        if (checkpoints) floats += 3 * p + 6 * p;
        if (split) floats += (long) rows * f;
        if (hostArrays) {
            floats += 4 * p;
            floats += 2L * Math.min(batch, rows) * widths;
            floats += (long) rows * (f + 2);
            if (validationRows > 0) floats += (long) validationRows * (f + 2) + Math.min(1024L, validationRows) * widths;
        }
        return 4 * floats;
    }

    /**
     * What one forward pass over {@code rows} rows adds to the heap (see the class comment).
     *
     * @param s          the network
     * @param rows       rows passed forward
     * @param logits     whether every row's logits are returned (predict) or only the metrics (evaluate)
     * @param hostArrays whether the device's buffers are Java arrays (the CPU path)
     * @return bytes
     */
    public static long inferenceBytes(NetworkShape s, int rows, boolean logits, boolean hostArrays) {
        long floats = logits ? (long) rows * s.outputs() : 0;
        if (hostArrays) floats += (long) rows * (s.inputs() + 2) + Math.min(1024L, rows) * sumOfWidths(s);
        return 4 * floats;
    }

    /**
     * Throws unless {@code bytes} fit the heap.
     *
     * @param bytes what the caller is about to allocate, from {@link #modelBytes}, {@link #fitBytes} or
     *              {@link #inferenceBytes}
     * @param what what needs the memory, e.g. "training model 400-25-15-10 on 5000 rows"
     * @param fix  what the caller can make smaller, e.g. "use smaller --layers or --batch"
     * @throws ModelException naming the estimate, the heap and both fixes (smaller, or java -Xmx)
     */
    public static void require(long bytes, String what, String fix) {
        if (HeapBudget.fits(bytes)) return;
        long available = availableBytes();
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long neededHeap = bytes + used + HeapBudget.margin() * 2;
        long gib = (neededHeap + (1L << 30) - 1) >> 30;
        throw new ModelException(what + " needs about " + size(bytes) + " of Java heap, but only "
                + size(Math.max(0, available)) + " of the heap's " + size(rt.maxMemory()) + " is free; " + fix
                + ", or give Java more memory (java -Xmx" + Math.max(1, gib) + "g ...)");
    }

    /**
     * The widths from input to output, for messages.
     *
     * @param s the network
     * @return e.g. "400-25-15-10"
     */
    public static String describe(NetworkShape s) {
        StringBuilder b = new StringBuilder().append(s.inputs());
        for (int l = 1; l <= s.layers(); l++) b.append('-').append(s.width(l));
        return b.toString();
    }

    /**
     * A byte count for messages, in binary units.
     *
     * @param bytes the count
     * @return e.g. "1.52 GiB", "480.0 MiB", "12 KiB"
     */
    public static String size(long bytes) {
        return HeapBudget.size(bytes);
    }

    private static long sumOfWidths(NetworkShape s) {
        long w = 0;
        for (int l = 1; l <= s.layers(); l++) w += s.width(l);
        return w;
    }
}
