package clnn.backend;

/**
 * The few primitives every device implements. The training loop, the layers and the model are
 * written once above this interface and never ask which device they run on.
 *
 * <p>Ordering: calls behave as if executed in order. A backend may queue them (OpenCL does) and
 * only {@link #download} and {@link #finish} wait for the queued work.
 */
public interface Backend extends AutoCloseable {
    /**
     * What this backend computes on, for humans.
     *
     * @return a one-line description such as "CPU (plain Java)" or "OpenCL: NVIDIA H100 ..."
     */
    String description();

    /**
     * A new float array on the device, counted in {@link #counters()} until closed. Its contents are undefined
     * until uploaded or filled.
     *
     * @param name   shown in error messages ("params", "x")
     * @param length number of floats
     * @return the array, owned by the caller
     */
    DeviceFloats allocFloats(String name, int length);

    /**
     * A new int array on the device (labels, row indices), counted in {@link #counters()} until closed.
     *
     * @param name   shown in error messages ("labels", "order")
     * @param length number of ints
     * @return the array, owned by the caller
     */
    DeviceInts allocInts(String name, int length);

    /**
     * A row-major {@code rows x cols} matrix that is only ever read as a gathered GEMM operand (a data
     * set's X: the A of a {@link Gemm} with a row gather, at offset 0 with ld = cols). A backend may
     * split it by rows across several buffers (OpenCL does when it is larger than the device's
     * largest single allocation); such an array can be uploaded, downloaded, filled and closed like
     * any other, but used in any other way it is refused. By default one plain array of rows * cols.
     *
     * @param name shown in error messages ("x")
     * @param rows number of rows (examples), 0 or more
     * @param cols floats per row (features), 1 or more
     * @return the array, owned by the caller
     * @throws IllegalArgumentException when {@code rows < 0}, {@code cols < 1} or {@code rows * cols} does not
     *                                  fit an int
     */
    default DeviceFloats allocRows(String name, int rows, int cols) {
        long length = (long) rows * cols;
        if (rows < 0 || cols < 1 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array '" + name + "' of " + rows + " x " + cols
                    + " floats: rows >= 0, cols >= 1 and rows * cols <= " + Integer.MAX_VALUE + " needed");
        }
        return allocFloats(name, (int) length);
    }

    /**
     * Copies {@code src.length} floats from the host to the start of {@code dst}; {@code src} may change as
     * soon as this returns.
     *
     * @param src host values
     * @param dst device array at least {@code src.length} long
     */
    void upload(float[] src, DeviceFloats dst);

    /**
     * Copies {@code src.length} ints from the host to the start of {@code dst}, as {@link #upload(float[],
     * DeviceFloats)} does for floats.
     *
     * @param src host values
     * @param dst device array at least {@code src.length} long
     */
    void upload(int[] src, DeviceInts dst);

    /**
     * Copies {@code dst.length} values from the start of {@code src}; waits for queued work (a host sync).
     *
     * @param src device array at least {@code dst.length} long
     * @param dst host array that receives the values
     */
    void download(DeviceFloats src, float[] dst);

    /**
     * Sets every element of {@code dst} to {@code value} (zeroing gradients and moments).
     *
     * @param dst   device array to overwrite
     * @param value the value every element gets
     */
    void fill(DeviceFloats dst, float value);

    /**
     * C = op(A) op(B) with the call's epilogue.
     *
     * @param call        operands, shapes and epilogue
     * @param indexOffset where in the call's row-index array A's row gather starts reading (the batch's first
     *                    position in the epoch's order); ignored when the call has no gather
     */
    void gemm(Gemm call, int indexOffset);

    /**
     * Loss, gradient and metrics for one batch.
     *
     * @param call        logits, labels and the outputs to write
     * @param indexOffset where in the call's row-index array the label gather starts reading
     */
    void softmaxCrossEntropy(SoftmaxCrossEntropy call, int indexOffset);

    /**
     * The dense tail's (layers 2..L) forward pass, loss and backward pass: by default, the call's GEMMs and softmax
     * one by one, which is its definition.
     *
     * @param call        the tail's GEMMs and loss, built once per network shape
     * @param indexOffset where the batch's row and label gathers start reading
     */
    default void denseTail(DenseTail call, int indexOffset) {
        for (Gemm g : call.forward()) gemm(g, indexOffset);
        softmaxCrossEntropy(call.loss(), indexOffset);
        for (Gemm g : call.backward()) gemm(g, indexOffset);
    }

    /**
     * Adam update number {@code step} over all parameters.
     *
     * @param call parameters, gradients, moments and hyper-parameters
     * @param step the update's number, 1-based (bias correction uses it)
     */
    void adam(AdamUpdate call, long step);

    /**
     * Steps {@code first .. first+count-1} of an epoch, each followed by Adam update number
     * {@code adamStepBefore + 1, + 2, ...}. By default the call's per-op calls one by one, which is its definition
     * ({@link TrainingSteps#runUnfused}); a backend that fuses whole steps overrides this and {@link #fusion}.
     *
     * @param call           one epoch's steps, built once per network shape and batch plan
     * @param first          index of the first step to run, 0-based within the epoch
     * @param count          number of steps to run
     * @param adamStepBefore Adam updates already made before step {@code first}
     */
    default void trainSteps(TrainingSteps call, int first, int count, long adamStepBefore) {
        call.runUnfused(this, first, count, adamStepBefore);
    }

    /**
     * How {@link #trainSteps} runs {@code call} when this backend fuses it, in words for the user ("one launch per
     * 64 steps, fused step kernel"), or empty when it runs the per-op default (the network does not fit the
     * backend's rule, or the backend has no fused form). Decided from the shapes alone; cheap.
     *
     * @param call the steps {@link #trainSteps} would run
     * @return the fused form in words, or empty for the per-op default
     */
    default java.util.Optional<String> fusion(TrainingSteps call) {
        return java.util.Optional.empty();
    }

    /** Waits until every queued call has finished. */
    void finish();

    /**
     * Launches, host syncs and live allocations, counted by the backend itself (internal: read by the backend
     * tests, for leaks and fusion).
     *
     * @return this backend's live counters, not a snapshot
     */
    BackendCounters counters();

    /** Frees every device array still alive and the device context. Closing twice is harmless. */
    @Override
    void close();
}
