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
     */
    public static OpenClBackend open(ClDevice device) {
        return open(device, System.err::println);
    }

    /** As {@link #open(ClDevice)}, with the cache's warning (if any) sent to {@code notice}. */
    public static OpenClBackend open(ClDevice device, java.util.function.Consumer<String> notice) {
        OpenClBackend b = new OpenClBackend(device, ClProgram.Sources.CLASSPATH);
        b.gemm.tuning(GemmTuning.load(device, notice));
        return b;
    }

    OpenClBackend(ClDevice device, ClProgram.Sources sources) {
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

    public ClDevice device() {
        return ctx.device;
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

    private synchronized ClArray alloc(String name, int length, boolean floats) {
        long bytes = 4L * Math.max(1, length);
        ClDevice d = ctx.device;
        if (bytes > d.maxAllocation()) {
            throw new DeviceException("cannot allocate buffer '" + name + "' of " + ClDevice.bytes(bytes) + " on "
                    + d.shortName() + ": larger than its largest single allocation (" + ClDevice.bytes(d.maxAllocation())
                    + "); use less data or a smaller batch");
        }
        long liveBytes = counters.liveBytes();
        if (liveBytes + bytes > d.globalMemory()) {
            throw new DeviceException("cannot allocate buffer '" + name + "' of " + ClDevice.bytes(bytes) + " on "
                    + d.shortName() + ": " + ClDevice.bytes(liveBytes) + " of its " + ClDevice.bytes(d.globalMemory())
                    + " are in use; use less data or a smaller batch");
        }
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
        write((ClArray) dst, Pointer.to(src), 4L * src.length);
    }

    @Override
    public void upload(int[] src, DeviceInts dst) {
        write((ClArray) dst, Pointer.to(src), 4L * src.length);
    }

    /** Blocking: the host array may change as soon as this returns. */
    private void write(ClArray dst, Pointer src, long bytes) {
        if (bytes == 0) return;
        try {
            CL.clEnqueueWriteBuffer(ctx.queue, dst.mem, CL.CL_TRUE, 0, bytes, src, 0, null, null);
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
            CL.clEnqueueReadBuffer(ctx.queue, a.mem, CL.CL_TRUE, 0, 4L * dst.length, Pointer.to(dst), 0, null, null);
        } catch (CLException e) {
            throw ClErrors.wrap("reading back " + a.name, ctx.device, e);
        }
        counters.synced();
    }

    @Override
    public void fill(DeviceFloats dst, float value) {
        ClArray a = (ClArray) dst;
        try {
            CL.clEnqueueFillBuffer(ctx.queue, a.mem, Pointer.to(new float[] {value}), Sizeof.cl_float, 0,
                    4L * Math.max(1, a.length), 0, null, null);
        } catch (CLException e) {
            throw ClErrors.wrap("filling " + a.name, ctx.device, e);
        }
    }

    @Override
    public void gemm(Gemm call, int indexOffset) {
        Launch l = prepared(call);
        if (call.aRows() != null) l.kernel.arg(GemmLauncher.Arg.IDX_OFF, indexOffset);
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

    /** Whole steps as one launch per chunk of train_steps.cl when TrainStepsLauncher's rule fuses them, else per op. */
    @Override
    public void trainSteps(TrainingSteps call, int first, int count, long adamStepBefore) {
        if (!trainSteps.run(this, call, first, count, adamStepBefore, dummy)) {
            Backend.super.trainSteps(call, first, count, adamStepBefore);
        }
    }

    @Override
    public java.util.Optional<String> fusion(TrainingSteps call) {
        return trainSteps.fusion(call);
    }

    /** The prepared kernel of a call record, made on first use and tied to the arrays it touches. */
    private synchronized Launch prepared(Object call) {
        Launch l = prepared.get(call);
        if (l != null) return l;
        Runnable forget = () -> {
            synchronized (OpenClBackend.this) {
                prepared.remove(call);
            }
        };
        DeviceArray[] uses;
        if (call instanceof Gemm g) {
            l = gemm.prepare(ctx, g, dummy, forget);
            uses = new DeviceArray[] {g.a().array(), g.aRows(), g.b().array(), g.c().array(), extraOf(g)};
        } else if (call instanceof DenseTail t) {
            l = denseTail.prepare(ctx, t, dummy, forget);
            if (l == null) {
                prepared.put(call, NOT_FUSED);
                return NOT_FUSED;
            }
            java.util.List<DeviceArray> arrays = new java.util.ArrayList<>();
            for (Gemm g : t.forward()) arrays.addAll(java.util.Arrays.asList(g.a().array(), g.b().array(), g.c().array()));
            for (Gemm g : t.backward()) arrays.addAll(java.util.Arrays.asList(g.a().array(), g.b().array(), g.c().array()));
            arrays.addAll(java.util.Arrays.asList(t.loss().labels(), t.loss().rowIndex(), t.loss().metrics()));
            uses = arrays.toArray(new DeviceArray[0]);
        } else if (call instanceof SoftmaxCrossEntropy s) {
            l = softmax.prepare(ctx, s, dummy, forget);
            uses = new DeviceArray[] {s.logits().array(), s.labels(), s.rowIndex(),
                s.gradient() == null ? null : s.gradient().array(), s.metrics()};
        } else {
            AdamUpdate u = (AdamUpdate) call;
            l = adam.prepare(ctx, u, forget);
            uses = new DeviceArray[] {u.params(), u.grads(), u.m(), u.v()};
        }
        ctx.own(l);
        for (DeviceArray a : uses) {
            if (a != null) ((ClArray) a).addDependent(l);
        }
        prepared.put(call, l);
        return l;
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
        ctx.close();
    }
}
