package clnn.backend.opencl;

import clnn.DeviceException;
import clnn.backend.AdamUpdate;
import clnn.backend.Backend;
import clnn.backend.BackendCounters;
import clnn.backend.DenseTail;
import clnn.backend.DeviceArray;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.backend.TrainingSteps;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_mem;

/**
 * The Backend on an OpenCL device: handwritten kernels (kernels/*.cl) on one in-order queue.
 *
 * <p>Nothing waits for the device except {@link #download}, {@link #finish} and uploads (which the
 * trainer does once per fit and once per epoch): a training step only enqueues kernels. Each call
 * record (a Gemm, a softmax, an Adam update) gets its own prepared kernel with its arguments set
 * once, so a launch sets at most one argument (the gather offset, or Adam's step size) and
 * enqueues. Prepared kernels are released with the arrays they use.
 *
 * <p>A data set's X ({@link #allocRows}) larger than the device's largest single allocation is
 * split by rows across several buffers ({@link ClRowChunks}); a GEMM that reads it (always through
 * a row gather) first copies the batch's rows into a scratch buffer with gather_rows.cl, one launch
 * per chunk, then runs on the scratch without a gather. Arrays that fit take the usual path, with
 * no extra launch.
 */
public final class OpenClBackend implements Backend {
    private final ClContext ctx;
    private final BackendCounters counters = new BackendCounters();
    private final GemmLauncher gemm;
    private final SoftmaxCrossEntropyLauncher softmax;
    private final AdamLauncher adam;
    private final DenseTailLauncher denseTail;
    private final TrainStepsLauncher trainSteps;
    private final ClArray dummy;
    private final Map<Object, Launch> prepared = new IdentityHashMap<>();
    /** The gather_rows launches (one per chunk) that run before a prepared GEMM whose A is split. */
    private final Map<Gemm, Launch[]> chunkGathers = new IdentityHashMap<>();
    /** The device's largest single allocation, lowered by -Dclnn.opencl.maxAllocation (tests). */
    private final long maxAllocation;
    private final ClProgram.Sources sources;
    /** Built on the first GEMM over a split array. */
    private GatherRowsLauncher gatherRows;
    /** The gathered rows of a split A (rows x cols), grown when needed; freed with the last split array. */
    private ClArray scratch;
    private int liveSplits;
    /** The system property that lowers the largest single allocation (bytes), read at construction. */
    static final String MAX_ALLOCATION_PROPERTY = "clnn.opencl.maxAllocation";
    /** Marks a DenseTail that runs as separate kernels (not fusable); never enqueued. */
    private static final Launch NOT_FUSED = new Launch(null, new long[0], null, () -> { });

    /**
     * Test hook for faults PoCL cannot provoke (a GPU reset, a dead context): when positive, the
     * host sync (download or finish) with this number, counted from when it was set, fails with
     * {@link #injectedStatus} as if the driver had reported it.
     */
    static volatile int failSyncNumber;
    static volatile int injectedStatus;

    /**
     * Opens a context on {@code device}, builds every kernel (from the jar) and applies the device's
     * GEMM tuning from the user's cache (GemmTuning); an unusable cache is reported as one warning
     * line on stderr and ignored.
     *
     * @param device the device, from {@link OpenCl#devices()}
     * @return an open backend, owned by the caller
     * @throws clnn.DeviceException when the context cannot be created or a kernel does not build
     */
    public static OpenClBackend open(ClDevice device) {
        return open(device, System.err::println);
    }

    /**
     * As {@link #open(ClDevice)}, with the cache's warning (if any) sent to {@code notice}.
     *
     * @param device the device, from {@link OpenCl#devices()}
     * @param notice receives the tuning cache's warning line, if any
     * @return an open backend, owned by the caller
     * @throws clnn.DeviceException when the context cannot be created or a kernel does not build
     */
    public static OpenClBackend open(ClDevice device, java.util.function.Consumer<String> notice) {
        OpenClBackend b = new OpenClBackend(device, ClProgram.Sources.CLASSPATH);
        b.gemm.tuning(GemmTuning.load(device, notice));
        return b;
    }

    /**
     * Opens a context on {@code device} and builds the kernels from {@code sources}.
     *
     * <p>Reads the system property {@value #MAX_ALLOCATION_PROPERTY} (bytes): when set, this backend
     * treats it as the device's largest single allocation if it is below the device's own
     * (CL_DEVICE_MAX_MEM_ALLOC_SIZE; it never raises it). A test hook: tests lower it to make
     * {@link #allocRows} split a small data set across several buffers. Read here, once per backend.
     */
    OpenClBackend(ClDevice device, ClProgram.Sources sources) {
        this.maxAllocation = maxAllocation(device);
        this.sources = sources;
        ctx = new ClContext(device);
        try {
            gemm = new GemmLauncher(ctx, sources);
            softmax = new SoftmaxCrossEntropyLauncher(ctx, sources);
            adam = new AdamLauncher(ctx, sources);
            denseTail = new DenseTailLauncher(ctx, sources);
            // Kernels take a buffer for every pointer argument; unused ones point here.
            dummy = (ClArray) allocInts("unused", 1);
            trainSteps = new TrainStepsLauncher(ctx, sources, counters);
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
    }

    /**
     * The device this backend runs on (internal: the parity tests name it in their messages).
     *
     * @return the device given at opening
     */
    public ClDevice device() {
        return ctx.device;
    }

    /** The device's largest single allocation, or {@value #MAX_ALLOCATION_PROPERTY} when that is lower. */
    static long maxAllocation(ClDevice device) {
        String v = System.getProperty(MAX_ALLOCATION_PROPERTY);
        if (v == null || v.isBlank()) return device.maxAllocation();
        long limit;
        try {
            limit = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 4) {
            throw new DeviceException("-D" + MAX_ALLOCATION_PROPERTY + "=" + v + " is not a number of bytes of at least 4;"
                    + " remove it or give the largest single allocation in bytes");
        }
        return Math.min(limit, device.maxAllocation());
    }

    /** The largest single allocation this backend makes (the device's, or lower: {@value #MAX_ALLOCATION_PROPERTY}). */
    long maxAllocation() {
        return maxAllocation;
    }

    @Override
    public String description() {
        return "OpenCL: " + ctx.device.name() + " (" + ctx.device.type() + ", " + ctx.device.platform() + ")";
    }

    @Override
    public DeviceFloats allocFloats(String name, int length) {
        return (DeviceFloats) alloc(name, length, true);
    }

    @Override
    public DeviceInts allocInts(String name, int length) {
        return (DeviceInts) alloc(name, length, false);
    }

    /**
     * As {@link Backend#allocRows}: one buffer when it fits the largest single allocation, else a
     * {@link ClRowChunks} of {@code floor(maxAllocation / (4 cols))} rows per buffer (the last
     * shorter). Refused only when the total does not fit the device's global memory, or one row
     * alone is larger than the largest allocation.
     */
    @Override
    public DeviceFloats allocRows(String name, int rows, int cols) {
        long length = (long) rows * cols;
        if (rows < 0 || cols < 1 || length > Integer.MAX_VALUE || 4L * Math.max(1, length) <= maxAllocation) {
            return Backend.super.allocRows(name, rows, cols);
        }
        return allocSplit(name, rows, cols);
    }

    private synchronized ClRowChunks allocSplit(String name, int rows, int cols) {
        long bytes = 4L * rows * cols;
        long rowBytes = 4L * cols;
        ClDevice d = ctx.device;
        if (rowBytes > maxAllocation) {
            throw new DeviceException("cannot allocate buffer '" + name + "' of " + ClDevice.bytes(bytes) + " on "
                    + d.shortName() + ": one row of its " + cols + " columns (" + ClDevice.bytes(rowBytes)
                    + ") is larger than its largest single allocation (" + ClDevice.bytes(maxAllocation)
                    + "); use fewer features");
        }
        requireGlobalMemory(name, bytes);
        int rowsPerChunk = (int) Math.min(rows, maxAllocation / rowBytes);
        int count = (rows + rowsPerChunk - 1) / rowsPerChunk;
        cl_mem[] chunks = new cl_mem[count];
        for (int i = 0; i < count; i++) {
            long chunkBytes = rowBytes * Math.min(rowsPerChunk, rows - (long) i * rowsPerChunk);
            try {
                chunks[i] = CL.clCreateBuffer(ctx.context, CL.CL_MEM_READ_WRITE, chunkBytes, null, null);
            } catch (CLException e) {
                for (int j = 0; j < i; j++) CL.clReleaseMemObject(chunks[j]);
                throw ClErrors.wrap("allocating buffer '" + name + "' of " + ClDevice.bytes(bytes) + " (part " + (i + 1)
                        + " of " + count + ", " + ClDevice.bytes(chunkBytes) + ")", d, e);
            }
        }
        ctx.forgetClosed();
        liveSplits++;
        return ctx.own(new ClRowChunks(chunks, name, rows, cols, rowsPerChunk, counters, this::splitClosed));
    }

    /** The last split array is gone: the scratch of its gathers goes too (so a fit leaves nothing behind). */
    private synchronized void splitClosed() {
        if (--liveSplits == 0 && scratch != null) {
            ClArray s = scratch;
            scratch = null;
            s.close();
        }
    }

    /** Refuses an allocation that would take the live total past the device's global memory. */
    private void requireGlobalMemory(String name, long bytes) {
        ClDevice d = ctx.device;
        long liveBytes = counters.liveBytes();
        if (liveBytes + bytes > d.globalMemory()) {
            throw new DeviceException("cannot allocate buffer '" + name + "' of " + ClDevice.bytes(bytes) + " on "
                    + d.shortName() + ": " + ClDevice.bytes(liveBytes) + " of its " + ClDevice.bytes(d.globalMemory())
                    + " are in use; use less data or a smaller batch");
        }
    }

    private synchronized ClArray alloc(String name, int length, boolean floats) {
        long bytes = 4L * Math.max(1, length);
        ClDevice d = ctx.device;
        if (bytes > maxAllocation) {
            throw new DeviceException("cannot allocate buffer '" + name + "' of " + ClDevice.bytes(bytes) + " on "
                    + d.shortName() + ": larger than its largest single allocation (" + ClDevice.bytes(maxAllocation)
                    + "); use less data or a smaller batch");
        }
        requireGlobalMemory(name, bytes);
        cl_mem mem;
        try {
            mem = CL.clCreateBuffer(ctx.context, CL.CL_MEM_READ_WRITE, bytes, null, null);
        } catch (CLException e) {
            throw ClErrors.wrap("allocating buffer '" + name + "' of " + ClDevice.bytes(bytes), d, e);
        }
        ctx.forgetClosed();
        ClArray a = floats ? new ClArray.Floats(mem, name, length, counters) : new ClArray.Ints(mem, name, length, counters);
        return ctx.own(a);
    }

    @Override
    public void upload(float[] src, DeviceFloats dst) {
        if (dst instanceof ClRowChunks split) {
            // Chunk i from its rows' place in the host array: the same bytes, in several buffers.
            for (int i = 0; i < split.chunks(); i++) {
                long floats = Math.min((long) split.rowsIn(i) * split.cols, src.length - split.floatOffset(i));
                if (floats <= 0) break;
                write(split, split.chunk(i), Pointer.to(src).withByteOffset(4L * split.floatOffset(i)), 4L * floats);
            }
            return;
        }
        write((ClArray) dst, Pointer.to(src), 4L * src.length);
    }

    @Override
    public void upload(int[] src, DeviceInts dst) {
        write((ClArray) dst, Pointer.to(src), 4L * src.length);
    }

    /** Blocking: the host array may change as soon as this returns. */
    private void write(ClArray dst, Pointer src, long bytes) {
        write(dst, dst.mem, src, bytes);
    }

    private void write(ClArray dst, cl_mem mem, Pointer src, long bytes) {
        if (bytes == 0) return;
        try {
            CL.clEnqueueWriteBuffer(ctx.queue, mem, CL.CL_TRUE, 0, bytes, src, 0, null, null);
        } catch (CLException e) {
            throw ClErrors.wrap("uploading " + dst.name, ctx.device, e);
        }
    }

    /** Counts down the injected fault, if one is armed, and raises it when its turn comes. */
    private static void maybeInjectedFault() {
        if (failSyncNumber > 0 && --failSyncNumber == 0) {
            throw new CLException("injected by a test", injectedStatus);
        }
    }

    @Override
    public void download(DeviceFloats src, float[] dst) {
        if (dst.length == 0) return;
        ClArray a = (ClArray) src;
        try {
            maybeInjectedFault();
            if (a instanceof ClRowChunks split) {
                for (int i = 0; i < split.chunks(); i++) {
                    long floats = Math.min((long) split.rowsIn(i) * split.cols, dst.length - split.floatOffset(i));
                    if (floats <= 0) break;
                    CL.clEnqueueReadBuffer(ctx.queue, split.chunk(i), CL.CL_TRUE, 0, 4L * floats,
                            Pointer.to(dst).withByteOffset(4L * split.floatOffset(i)), 0, null, null);
                }
            } else {
                CL.clEnqueueReadBuffer(ctx.queue, a.mem, CL.CL_TRUE, 0, 4L * dst.length, Pointer.to(dst), 0, null, null);
            }
        } catch (CLException e) {
            throw ClErrors.wrap("reading back " + a.name, ctx.device, e);
        }
        counters.synced();
    }

    @Override
    public void fill(DeviceFloats dst, float value) {
        ClArray a = (ClArray) dst;
        try {
            if (a instanceof ClRowChunks split) {
                for (int i = 0; i < split.chunks(); i++) {
                    CL.clEnqueueFillBuffer(ctx.queue, split.chunk(i), Pointer.to(new float[] {value}), Sizeof.cl_float, 0,
                            4L * split.rowsIn(i) * split.cols, 0, null, null);
                }
                return;
            }
            CL.clEnqueueFillBuffer(ctx.queue, a.mem, Pointer.to(new float[] {value}), Sizeof.cl_float, 0,
                    4L * Math.max(1, a.length), 0, null, null);
        } catch (CLException e) {
            throw ClErrors.wrap("filling " + a.name, ctx.device, e);
        }
    }

    @Override
    public void gemm(Gemm call, int indexOffset) {
        if (call.aRows() != null && call.a().array() instanceof ClRowChunks) {
            gemmOverChunks(call, indexOffset);
            return;
        }
        Launch l = prepared(call);
        if (call.aRows() != null) l.kernel.arg(GemmLauncher.Arg.IDX_OFF, indexOffset);
        l.enqueue(ctx, counters);
    }

    /** A gathered GEMM whose A is split: gather_rows once per chunk into the scratch, then the GEMM on it. */
    private void gemmOverChunks(Gemm call, int indexOffset) {
        Launch l;
        Launch[] gathers;
        synchronized (this) {
            l = prepared(call);
            gathers = chunkGathers.get(call);
        }
        for (Launch g : gathers) {
            g.kernel.arg(GatherRowsLauncher.Arg.IDX_OFF, indexOffset);
            g.enqueue(ctx, counters);
        }
        l.enqueue(ctx, counters);
    }

    @Override
    public void softmaxCrossEntropy(SoftmaxCrossEntropy call, int indexOffset) {
        Launch l = prepared(call);
        if (call.rowIndex() != null) l.kernel.arg(SoftmaxCrossEntropyLauncher.Arg.IDX_OFF, indexOffset);
        l.enqueue(ctx, counters);
    }

    /** One fused launch when the call fits dense_tail.cl (see DenseTailLauncher), else its kernels one by one. */
    @Override
    public void denseTail(DenseTail call, int indexOffset) {
        Launch l = prepared(call);
        if (l == NOT_FUSED) {
            Backend.super.denseTail(call, indexOffset);
            return;
        }
        if (call.loss().rowIndex() != null) l.kernel.arg(DenseTailLauncher.Arg.IDX_OFF, indexOffset);
        l.enqueue(ctx, counters);
    }

    @Override
    public void adam(AdamUpdate call, long step) {
        Launch l = prepared(call);
        l.kernel.arg(AdamLauncher.Arg.ALPHA, call.adam().alpha(step));
        l.enqueue(ctx, counters);
    }

    /**
     * Whole steps as one launch per chunk of train_steps.cl when TrainStepsLauncher's rule fuses them, else per op.
     * The fused path takes this backend's lock before the launcher's (it allocates through the backend), the same
     * order as {@link #close}, so a close racing a first fused call cannot deadlock.
     */
    @Override
    public void trainSteps(TrainingSteps call, int first, int count, long adamStepBefore) {
        boolean fused;
        synchronized (this) {
            fused = trainSteps.run(this, call, first, count, adamStepBefore, dummy);
        }
        if (!fused) Backend.super.trainSteps(call, first, count, adamStepBefore);
    }

    @Override
    public synchronized java.util.Optional<String> fusion(TrainingSteps call) {
        return trainSteps.fusion(call);
    }

    /** The prepared kernel of a call record, made on first use and tied to the arrays it touches. */
    private synchronized Launch prepared(Object call) {
        Launch l = prepared.get(call);
        if (l != null) return l;
        Runnable forget = () -> {
            synchronized (OpenClBackend.this) {
                prepared.remove(call);
                chunkGathers.remove(call);
            }
        };
        DeviceArray[] uses;
        if (call instanceof Gemm g) {
            refuseSplit(g);
            uses = new DeviceArray[] {g.a().array(), g.aRows(), g.b().array(), g.c().array(), extraOf(g), null};
            if (g.a().array() instanceof ClRowChunks x) {
                ClArray rows = scratch(g.aStoredRows() * x.cols);
                uses[uses.length - 1] = (DeviceArray) rows;
                // The same product on the gathered rows: same kernel, same order of additions, no gather.
                Gemm onRows = new Gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), new Operand((DeviceFloats) rows, 0, x.cols),
                        null, g.b(), g.c(), g.epilogue());
                l = gemm.prepare(ctx, onRows, dummy, forget);
                if (gatherRows == null) gatherRows = new GatherRowsLauncher(ctx, sources);
                Launch[] gathers = new Launch[x.chunks()];
                for (int i = 0; i < gathers.length; i++) {
                    // Registered like the GEMM's launch: released with any array of the call, or the scratch.
                    gathers[i] = ctx.own(gatherRows.prepare(ctx, x, i, g.aStoredRows(), (ClArray) g.aRows(), rows, forget));
                    for (DeviceArray a : uses) {
                        if (a != null) ((ClArray) a).addDependent(gathers[i]);
                    }
                }
                chunkGathers.put(g, gathers);
            } else {
                l = gemm.prepare(ctx, g, dummy, forget);
            }
        } else if (call instanceof DenseTail t) {
            java.util.List<DeviceArray> arrays = new java.util.ArrayList<>();
            for (Gemm g : t.forward()) arrays.addAll(java.util.Arrays.asList(g.a().array(), g.b().array(), g.c().array()));
            for (Gemm g : t.backward()) arrays.addAll(java.util.Arrays.asList(g.a().array(), g.b().array(), g.c().array()));
            arrays.addAll(java.util.Arrays.asList(t.loss().labels(), t.loss().rowIndex(), t.loss().metrics()));
            uses = arrays.toArray(new DeviceArray[0]);
            refuseSplit("the dense tail", uses);
            l = denseTail.prepare(ctx, t, dummy, forget);
            if (l == null) {
                prepared.put(call, NOT_FUSED);
                return NOT_FUSED;
            }
        } else if (call instanceof SoftmaxCrossEntropy s) {
            uses = new DeviceArray[] {s.logits().array(), s.labels(), s.rowIndex(),
                s.gradient() == null ? null : s.gradient().array(), s.metrics()};
            refuseSplit("softmax_cross_entropy", uses);
            l = softmax.prepare(ctx, s, dummy, forget);
        } else {
            AdamUpdate u = (AdamUpdate) call;
            uses = new DeviceArray[] {u.params(), u.grads(), u.m(), u.v()};
            refuseSplit("adam", uses);
            l = adam.prepare(ctx, u, forget);
        }
        ctx.own(l);
        for (DeviceArray a : uses) {
            if (a != null) ((ClArray) a).addDependent(l);
        }
        prepared.put(call, l);
        return l;
    }

    /**
     * A split array ({@link ClRowChunks}) is read only as the row-gathered A of a GEMM, at offset 0
     * with ld = its columns: what the trainer does with a data set's X. Anything else is refused.
     */
    private static void refuseSplit(Gemm g) {
        if (g.a().array() instanceof ClRowChunks x) {
            if (g.aRows() == null) throw splitRefused(x, "the A of a GEMM without a row gather");
            if (g.a().offset() != 0 || g.a().ld() != x.cols || g.aStoredCols() > x.cols) {
                throw splitRefused(x, "the A of a GEMM at offset " + g.a().offset() + " with ld " + g.a().ld() + " and "
                        + g.aStoredCols() + " columns (only offset 0, ld = its " + x.cols + " columns)");
            }
        }
        if (g.b().array() instanceof ClRowChunks x) throw splitRefused(x, "the B of a GEMM");
        if (g.c().array() instanceof ClRowChunks x) throw splitRefused(x, "the C of a GEMM");
        if (extraOf(g) instanceof ClRowChunks x) throw splitRefused(x, "a GEMM epilogue's operand");
    }

    private static void refuseSplit(String op, DeviceArray... arrays) {
        for (DeviceArray a : arrays) {
            if (a instanceof ClRowChunks x) throw splitRefused(x, "an operand of " + op);
        }
    }

    private static IllegalArgumentException splitRefused(ClRowChunks x, String use) {
        return new IllegalArgumentException("array " + x.describe() + " is split by rows (allocRows) and can only be"
                + " read as the row-gathered A of a GEMM, not as " + use);
    }

    /** The scratch for gathered rows, at least {@code floats} long; a smaller one is freed with its launches. */
    private ClArray scratch(int floats) {
        if (scratch == null || scratch.length < floats) {
            ClArray old = scratch;
            scratch = null;
            if (old != null) old.close();
            scratch = (ClArray) allocFloats("gathered rows", floats);
        }
        return scratch;
    }

    private static DeviceArray extraOf(Gemm g) {
        if (g.epilogue() instanceof clnn.backend.Epilogue.BiasActivation ba) return ba.bias().array();
        if (g.epilogue() instanceof clnn.backend.Epilogue.ActivationGradient ag) return ag.output().array();
        if (g.epilogue() instanceof clnn.backend.Epilogue.BiasGradient bg) return bg.columnSums().array();
        return null;
    }

    @Override
    public void finish() {
        try {
            maybeInjectedFault();
            CL.clFinish(ctx.queue);
        } catch (CLException e) {
            throw ClErrors.wrap("waiting for the device (clFinish)", ctx.device, e);
        }
        counters.synced();
    }

    @Override
    public BackendCounters counters() {
        return counters;
    }

    /** Test hook: run every later GEMM with this kernel (one of gemm.cl's four), or null for the policy. */
    synchronized void forceGemmKernel(String kernel) {
        gemm.force(kernel);
    }

    /** Tests and the tuner: run every later GEMM with gemm_blocked in this configuration (null: the policy). */
    synchronized void forceGemmConfig(GemmConfig config) {
        gemm.force(config);
    }

    /** Test hook: the transpose forms ("NN", "NT", "TN", "TT") gemm_blocked has been built for. */
    synchronized java.util.Set<String> gemmBlockedForms() {
        return gemm.blockedForms();
    }

    /** The tuning later GEMMs follow (calls prepared before keep their kernel). */
    synchronized void gemmTuning(GemmTuning t) {
        gemm.tuning(t);
    }

    /** Whether the device can run gemm_blocked in this configuration. */
    boolean fits(GemmConfig config) {
        return gemm.fits(config);
    }

    /** How many calls have a prepared kernel now (they are released with their arrays). */
    synchronized int preparedKernels() {
        return prepared.size() + trainSteps.preparedCount();
    }

    /** Tests: the host side of train_steps.cl (its plans and test hooks). */
    TrainStepsLauncher trainStepsLauncher() {
        return trainSteps;
    }

    @Override
    public synchronized void close() {
        prepared.clear();
        chunkGathers.clear();
        scratch = null;
        ctx.close();
    }
}
