package clnn.backend;

/**
 * The few primitives every device implements. The training loop, the layers and the model are
 * written once above this interface and never ask which device they run on.
 *
 * <p>Ordering: calls behave as if executed in order. A backend may queue them (OpenCL does) and
 * only {@link #download} and {@link #finish} wait for the queued work.
 */
public interface Backend extends AutoCloseable {
    /** What this backend computes on, for humans: "CPU (plain Java)", "OpenCL: NVIDIA H100 ...". */
    String description();

    DeviceFloats allocFloats(String name, int length);

    DeviceInts allocInts(String name, int length);

    /**
     * A row-major {@code rows x cols} matrix that is only ever read as a gathered GEMM operand (a data
     * set's X: the A of a {@link Gemm} with a row gather, at offset 0 with ld = cols). A backend may
     * split it by rows across several buffers (OpenCL does when it is larger than the device's
     * largest single allocation); such an array can be uploaded, downloaded, filled and closed like
     * any other, but used in any other way it is refused. By default one plain array of rows * cols.
     *
     * @throws IllegalArgumentException when rows < 0, cols < 1 or rows * cols does not fit an int
     */
    default DeviceFloats allocRows(String name, int rows, int cols) {
        long length = (long) rows * cols;
        if (rows < 0 || cols < 1 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array '" + name + "' of " + rows + " x " + cols
                    + " floats: rows >= 0, cols >= 1 and rows * cols <= " + Integer.MAX_VALUE + " needed");
        }
        return allocFloats(name, (int) length);
    }

    void upload(float[] src, DeviceFloats dst);

    void upload(int[] src, DeviceInts dst);

    /** Copies {@code dst.length} values from the start of {@code src}; waits for queued work (a host sync). */
    void download(DeviceFloats src, float[] dst);

    void fill(DeviceFloats dst, float value);

    /** C = op(A) op(B) with the call's epilogue; {@code indexOffset} is where A's row gather reads. */
    void gemm(Gemm call, int indexOffset);

    /** Loss, gradient and metrics for one batch; {@code indexOffset} is where the label gather reads. */
    void softmaxCrossEntropy(SoftmaxCrossEntropy call, int indexOffset);

    /**
     * The dense tail's (layers 2..L) forward pass, loss and backward pass: by default, the call's GEMMs and softmax
     * one by one, which is its definition.
     */
    default void denseTail(DenseTail call, int indexOffset) {
        for (Gemm g : call.forward()) gemm(g, indexOffset);
        softmaxCrossEntropy(call.loss(), indexOffset);
        for (Gemm g : call.backward()) gemm(g, indexOffset);
    }

    /** Adam update number {@code step} (1-based). */
    void adam(AdamUpdate call, long step);

    /**
     * Steps {@code first .. first+count-1} of an epoch, each followed by Adam update number
     * {@code adamStepBefore + 1, + 2, ...}. By default the call's per-op calls one by one, which is its definition
     * ({@link TrainingSteps#runUnfused}); a backend that fuses whole steps overrides this and {@link #fusion}.
     */
    default void trainSteps(TrainingSteps call, int first, int count, long adamStepBefore) {
        call.runUnfused(this, first, count, adamStepBefore);
    }

    /**
     * How {@link #trainSteps} runs {@code call} when this backend fuses it, in words for the user ("one launch per
     * 64 steps, fused step kernel"), or empty when it runs the per-op default (the network does not fit the
     * backend's rule, or the backend has no fused form). Decided from the shapes alone; cheap.
     */
    default java.util.Optional<String> fusion(TrainingSteps call) {
        return java.util.Optional.empty();
    }

    /** Waits until every queued call has finished. */
    void finish();

    /** Launches, host syncs and live allocations, counted by the backend itself. */
    BackendCounters counters();

    /** Frees every device array still alive and the device context. Closing twice is harmless. */
    @Override
    void close();
}
