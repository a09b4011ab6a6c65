package clnn.backend.opencl;

import clnn.Activation;
import clnn.Adam;
import clnn.DeviceException;
import clnn.backend.BackendCounters;
import clnn.backend.DeviceArray;
import clnn.backend.TrainingSteps;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Host side of kernels/train_steps.cl: whole training steps ({@link TrainingSteps}) as one launch of one
 * work-group per chunk of at most {@link Plan#cap} steps, the program specialised per network (widths,
 * activations, batch, parameter layout and the device's tunables as -D options), built once per distinct
 * network (the {@link #MAX_PROGRAMS} most recently used stay built).
 *
 * <p><b>The fusion rule</b> ({@link #plan}, and the words {@link OpenClBackend#fusion} returns, e.g. "one launch
 * per <= 331 steps, fused step kernel (1 work-item x float16, activations in local memory)"). A call is fused when
 * <ul>
 *   <li>it has 1..{@link #MAX_LAYERS} layers (fixed by the kernel's per-layer #if blocks), every layer at most
 *       {@link #MAX_WIDTH} units and the batch at most {@link #MAX_BATCH} rows;</li>
 *   <li>a step is at most {@link #MAX_STEP_MACS} multiply-adds (forward, dW and dZ): one work-group runs on one
 *       compute unit, so above that the separate, device-wide kernels are faster (the reference network at batch
 *       32 is 690,400; at batch 256, 5.5 million);</li>
 *   <li>its arrays are plain single buffers of this backend and the parameter layout lies inside the parameter
 *       buffer.</li>
 * </ul>
 * The activations and deltas ({@code BP x (sum of padded widths + the same without the last layer)} floats) go to
 * local memory when they fit the device's (with the per-row loss slots), else to a global scratch buffer of the
 * prepared call: both variants are fused. Anything else runs the per-op definition.
 *
 * <p><b>The cap</b>: a launch runs at most {@code cap} steps, from an estimate of its time, so that no launch
 * comes near a display watchdog (a few seconds on desktop GPUs) and a live progress bar still moves:
 * {@code cap = LAUNCH_SECONDS x rate / FLOPs per step}, clamped to 1..{@link #MAX_CAP}, with the rate of one
 * compute unit a conservative {@link #GPU_FLOPS} on GPUs and {@link #CPU_FLOPS} on CPU devices (one core: PoCL
 * runs a work-group on one thread). The reference network (1.51 MFLOP a step) gets 1,658 steps per launch on a GPU
 * and 331 on a CPU device (about 12 ms there at the measured 35-40 us a step): one launch per 157-step epoch.
 *
 * <p>Adam's step size comes from a table of the host's {@link Adam#alpha} values on the device (refilled every
 * {@link #ALPHA_TABLE} updates, a blocking write that runs after the launches before it), so the fused update uses
 * the reference's bias correction to the bit.
 */
final class TrainStepsLauncher {
    /** The parameters of train_steps, in order. */
    enum Arg implements KernelContract.Arg {
        X, LABELS, INDEX, PARAMS, M, V, METRICS, ALPHAS, SCRATCH, DATA_ROWS, FIRST, COUNT, ALPHA_OFF,
        ONE_MINUS_BETA1, ONE_MINUS_BETA2, EPSILON
    }

    /** The deepest network the kernel takes: fixed by its one #if block per layer, not tunable. */
    static final int MAX_LAYERS = 8;
    static final int MAX_WIDTH = 1024;
    static final int MAX_BATCH = 1024;
    /** Multiply-adds of one step (forward, dW, dZ) above which one work-group loses to device-wide kernels. */
    static final long MAX_STEP_MACS = 1L << 23;
    /** What one launch may take, estimated: well under any display watchdog. */
    static final double LAUNCH_SECONDS = 0.05;
    /** A conservative rate for one work-group on one GPU compute unit (an H200 SM peaks at 507 GFLOP/s). */
    static final double GPU_FLOPS = 50e9;
    /** A conservative rate for one work-group on a CPU device: one core (PoCL ran the reference at ~40 GFLOP/s). */
    static final double CPU_FLOPS = 10e9;
    static final int MAX_CAP = 4096;
    /** Adam step sizes kept on the device; larger than MAX_CAP so that any launch fits one table. */
    static final int ALPHA_TABLE = 8192;
    /** Local memory left to the compiler and the runtime. */
    static final long LOCAL_RESERVE = 1024;
    /** Programs kept built (a backend that trains many different networks releases the least recently used). */
    static final int MAX_PROGRAMS = 16;

    /**
     * The device's tunables: work-items, vector width, batch rows per tile (forward, dZ), chunks of VW units per
     * tile (forward, dW) and W rows per tile (dW + Adam). {@code -Dclnn.trainsteps=wg=256,vw=1,rt=2,ct=1,kt=2}
     * overrides any of them (tuning on a new device).
     */
    record Tuning(int wg, int vw, int rt, int ct, int kt) {
        Tuning {
            if (wg < 1 || !(vw == 1 || vw == 4 || vw == 8 || vw == 16) || rt < 1 || ct < 1 || kt < 1) {
                throw new IllegalArgumentException("train_steps tuning wg=" + wg + " vw=" + vw + " rt=" + rt + " ct=" + ct
                        + " kt=" + kt);
            }
        }

        static Tuning of(ClDevice d) {
            // GPUs: work-items give the parallelism (scalar, consecutive units in consecutive work-items);
            // CPU devices: one work-item with float16 loops (PoCL runs a work-group on one core; measured fastest).
            Tuning t = d.gpu() ? new Tuning((int) Math.min(256, d.maxWorkGroupSize()), 1, 2, 1, 2) : new Tuning(1, 16, 8, 2, 8);
            return t.overridden(System.getProperty("clnn.trainsteps"));
        }

        Tuning overridden(String spec) {
            if (spec == null || spec.isBlank()) return this;
            int w = wg, v = vw, r = rt, c = ct, k = kt;
            for (String part : spec.split(",")) {
                String[] kv = part.trim().split("=");
                int value = Integer.parseInt(kv[1].trim());
                switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                    case "wg" -> w = value;
                    case "vw" -> v = value;
                    case "rt" -> r = value;
                    case "ct" -> c = value;
                    case "kt" -> k = value;
                    default -> throw new IllegalArgumentException("clnn.trainsteps: unknown tunable " + kv[0]);
                }
            }
            return new Tuning(w, v, r, c, k);
        }

        String words() {
            return wg + (wg == 1 ? " work-item" : " work-items") + (vw == 1 ? "" : " x float" + vw);
        }
    }

    /**
     * How one call runs: the build options, where the scratch lives and how large it is, and the steps per launch.
     */
    record Plan(String options, Tuning tuning, boolean localScratch, int scratchFloats, int cap, long flopsPerStep) {
        String words() {
            return "one launch per <= " + cap + " steps, fused step kernel (" + tuning.words() + ", activations in "
                    + (localScratch ? "local" : "global") + " memory)";
        }
    }

    private final ClContext ctx;
    private final ClProgram.Sources sources;
    private final BackendCounters counters;
    /** Built programs by options (one per distinct network and tuning), the least recently used released past 16. */
    private final Map<String, ClProgram> programs = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<TrainingSteps, Prepared> prepared = new IdentityHashMap<>();
    private Boolean forcedLocal;
    private int forcedCap;
    private Tuning forcedTuning;

    TrainStepsLauncher(ClContext ctx, ClProgram.Sources sources, BackendCounters counters) {
        this.ctx = ctx;
        this.sources = sources;
        this.counters = counters;
    }

    /** The fused form's words, or empty when the call runs the per-op definition. */
    synchronized Optional<String> fusion(TrainingSteps call) {
        Plan p = plan(call);
        return p == null ? Optional.empty() : Optional.of(p.words());
    }

    /**
     * Enqueues steps {@code first .. first+count-1} as ceil(count / cap) launches and returns true, or returns
     * false (nothing enqueued) when the call is not fused.
     */
    synchronized boolean run(OpenClBackend backend, TrainingSteps call, int first, int count, long adamStepBefore,
                             ClArray dummy) {
        Prepared p = prepared(backend, call, dummy);
        if (p == null) return false;
        call.checkRange(first, count);
        for (int done = 0; done < count; ) {
            int n = Math.min(p.plan.cap(), count - done);
            int alphaOff = p.alphaOffset(backend, call.adam().adam(), adamStepBefore + done + 1, n);
            p.launch.kernel.arg(Arg.FIRST, first + done).arg(Arg.COUNT, n).arg(Arg.ALPHA_OFF, alphaOff);
            p.launch.enqueue(ctx, counters);
            done += n;
        }
        return true;
    }

    /** Test hook: activations in local memory (true), in global scratch (false), or by the rule (null). */
    synchronized void forceScratch(Boolean local) {
        forcedLocal = local;
    }

    /** Test hook: at most this many steps per launch (0: the rule's cap). Calls prepared before keep theirs. */
    synchronized void forceCap(int cap) {
        forcedCap = cap;
    }

    /** Test hook: these tunables instead of the device kind's (null: the device's). Calls prepared before keep theirs. */
    synchronized void forceTuning(Tuning t) {
        forcedTuning = t;
    }

    /** Calls with a prepared kernel now (released with their arrays). */
    synchronized int preparedCount() {
        return prepared.size();
    }

    /** The plan for a call on this device, or null when the fusion rule (see the class comment) says no. */
    synchronized Plan plan(TrainingSteps call) {
        return plan(call, ctx.device, forcedTuning != null ? forcedTuning : Tuning.of(ctx.device), forcedLocal, forcedCap);
    }

    static Plan plan(TrainingSteps call, ClDevice device, Tuning t, Boolean forcedLocal, int forcedCap) {
        int layers = call.layers();
        int[] n = call.widths();
        int batch = call.batch();
        if (layers < 1 || layers > MAX_LAYERS || batch > MAX_BATCH) return null;
        int count = call.adam().count();
        long macs = 0;
        for (int l = 1; l <= layers; l++) {
            if (n[l] < 1 || n[l] > MAX_WIDTH || n[l - 1] < 1) return null;
            macs += (l == 1 ? 2L : 3L) * batch * n[l - 1] * n[l];
            long end = (long) call.biasOffset(l) + n[l];
            if (call.weightOffsets()[l - 1] < 0 || end > count) return null;
        }
        if (macs > MAX_STEP_MACS) return null;
        for (Object a : new Object[] {call.x(), call.adam().params(), call.adam().m(), call.adam().v(), call.metrics()}) {
            if (a.getClass() != ClArray.Floats.class) return null;
        }
        for (Object a : new Object[] {call.labels(), call.index()}) {
            if (a.getClass() != ClArray.Ints.class) return null;
        }
        if (((ClArray) call.adam().params()).length < count || ((ClArray) call.adam().m()).length < count
                || ((ClArray) call.adam().v()).length < count) {
            return null;
        }
        int bp = roundUp(batch, t.rt());
        StringBuilder o = new StringBuilder();
        o.append("-DL=").append(layers).append(" -DB=").append(batch).append(" -DBP=").append(bp)
                .append(" -DP_COUNT=").append(count).append(" -DN0=").append(n[0]);
        long scratch = 0;
        long[] aOff = new long[layers + 1];
        long[] dOff = new long[layers + 1];
        for (int l = 1; l <= layers; l++) {
            aOff[l] = scratch;
            scratch += (long) bp * roundUp(n[l], t.vw());
        }
        for (int l = 1; l < layers; l++) {
            dOff[l] = scratch;
            scratch += (long) bp * roundUp(n[l], t.vw());
        }
        dOff[layers] = aOff[layers];
        for (int l = 1; l <= layers; l++) {
            Activation act = call.activations()[l - 1];
            o.append(" -DN").append(l).append('=').append(n[l]).append(" -DLD").append(l).append('=')
                    .append(roundUp(n[l], t.vw())).append(" -DACT").append(l).append("=ACT_").append(act.name())
                    .append(" -DWOFF").append(l).append('=').append(call.weightOffsets()[l - 1]).append(" -DBOFF")
                    .append(l).append('=').append(call.biasOffset(l)).append(" -DAOFF").append(l).append('=')
                    .append(aOff[l]).append(" -DDOFF").append(l).append('=').append(dOff[l]);
        }
        // Always in local memory: each row's loss and hit (floats) and where it starts in X (a size_t).
        long rowBytes = 16L * bp;
        long room = device.localMemory() - LOCAL_RESERVE - rowBytes;
        boolean local = forcedLocal != null ? forcedLocal : 4 * scratch <= room;
        if (room < 0 || (local && 4 * scratch > room) || (!local && 4 * scratch > device.maxAllocation())) return null;
        o.append(" -DSCRATCH_SIZE=").append(scratch).append(" -DSCRATCH_LOCAL=").append(local ? 1 : 0)
                .append(" -DWG=").append(t.wg()).append(" -DVW=").append(t.vw()).append(" -DRT=").append(t.rt())
                .append(" -DCT=").append(t.ct()).append(" -DKT=").append(t.kt());
        long flops = 2 * macs + 12L * count;
        double rate = device.gpu() ? GPU_FLOPS : CPU_FLOPS;
        int cap = (int) Math.max(1, Math.min(MAX_CAP, Math.floor(LAUNCH_SECONDS * rate / flops)));
        if (forcedCap > 0) cap = Math.min(forcedCap, MAX_CAP);
        return new Plan(o.toString(), t, local, (int) scratch, cap, flops);
    }

    private static int roundUp(int v, int multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }

    /** The prepared kernel of a fused call, made on first use and tied to the arrays it touches; null if not fused. */
    private Prepared prepared(OpenClBackend backend, TrainingSteps call, ClArray dummy) {
        Prepared p = prepared.get(call);
        if (p != null) return p;
        Plan plan = plan(call);
        if (plan == null) return null;
        ClKernel k = program(plan).kernel(ctx, "train_steps");
        long max = k.maxWorkGroupSize(ctx.device);
        if (max < plan.tuning().wg()) {
            // The compiled kernel takes fewer work-items than asked (registers): rebuild with what it takes.
            k.close();
            Tuning smaller = new Tuning((int) Long.highestOneBit(Math.max(1, max)), plan.tuning().vw(),
                    plan.tuning().rt(), plan.tuning().ct(), plan.tuning().kt());
            plan = plan(call, ctx.device, smaller, forcedLocal, forcedCap);
            if (plan == null) return null;
            k = program(plan).kernel(ctx, "train_steps");
            if (k.maxWorkGroupSize(ctx.device) < plan.tuning().wg()) {
                k.close();
                throw new DeviceException("train_steps does not run with " + plan.tuning().wg() + " work-items on "
                        + ctx.device.shortName() + "; run with --fusion off");
            }
        }
        ClArray alphas = null;
        ClArray scratch = null;
        try {
            alphas = (ClArray) backend.allocFloats("train_steps.alphas", ALPHA_TABLE);
            if (!plan.localScratch()) scratch = (ClArray) backend.allocFloats("train_steps.scratch", plan.scratchFloats());
        } catch (RuntimeException e) {
            if (alphas != null) alphas.close();
            k.close();
            throw e;
        }
        Adam adam = call.adam().adam();
        k.arg(Arg.X, (ClArray) call.x()).arg(Arg.LABELS, (ClArray) call.labels()).arg(Arg.INDEX, (ClArray) call.index())
                .arg(Arg.PARAMS, (ClArray) call.adam().params()).arg(Arg.M, (ClArray) call.adam().m())
                .arg(Arg.V, (ClArray) call.adam().v()).arg(Arg.METRICS, (ClArray) call.metrics())
                .arg(Arg.ALPHAS, alphas).arg(Arg.SCRATCH, scratch == null ? dummy : scratch)
                .arg(Arg.DATA_ROWS, call.rows()).arg(Arg.FIRST, 0).arg(Arg.COUNT, 0).arg(Arg.ALPHA_OFF, 0)
                .arg(Arg.ONE_MINUS_BETA1, 1f - adam.beta1()).arg(Arg.ONE_MINUS_BETA2, 1f - adam.beta2())
                .arg(Arg.EPSILON, adam.epsilon());
        ClArray ownAlphas = alphas;
        ClArray ownScratch = scratch;
        Runnable release = () -> {
            synchronized (TrainStepsLauncher.this) {
                prepared.remove(call);
            }
            ownAlphas.close();
            if (ownScratch != null) ownScratch.close();
        };
        long wg = plan.tuning().wg();
        Launch launch = ctx.own(new Launch(k, new long[] {wg}, new long[] {wg}, release));
        p = new Prepared(plan, launch, alphas);
        List<DeviceArray> uses = new ArrayList<>(List.of(call.x(), call.labels(), call.index(), call.metrics(),
                call.adam().params(), call.adam().m(), call.adam().v()));
        for (DeviceArray a : uses) ((ClArray) a).addDependent(launch);
        prepared.put(call, p);
        return p;
    }

    /**
     * The program for a plan, built on first use with -cl-denorms-are-zero: Adam's first moment decays through the
     * denormal range for units whose gradient is zero (dead relus), and denormal arithmetic is microcoded on x86
     * (on PoCL a step went from about 60 to 150 us within 12 epochs); values below 1.2e-38 flushed to zero change
     * no result that matters.
     */
    private ClProgram program(Plan plan) {
        ClProgram p = programs.computeIfAbsent(plan.options(),
                o -> ClProgram.build(ctx, sources, o + " -cl-denorms-are-zero", "activations.cl", "train_steps.cl"));
        if (programs.size() > MAX_PROGRAMS) {
            // Kernels made from an evicted program keep it alive in the driver until they are released.
            var eldest = programs.entrySet().iterator();
            ClProgram old = eldest.next().getValue();
            eldest.remove();
            old.close();
        }
        return p;
    }

    /** A fused call's kernel, its plan, and the table of Adam step sizes on the device. */
    private static final class Prepared {
        final Plan plan;
        final Launch launch;
        final ClArray alphas;
        final float[] table = new float[ALPHA_TABLE];
        /** The Adam step of table[0]; 0 while the table is empty (steps count from 1). */
        long base;

        Prepared(Plan plan, Launch launch, ClArray alphas) {
            this.plan = plan;
            this.launch = launch;
            this.alphas = alphas;
        }

        /** Where step {@code t}'s alpha sits in the table, refilled from {@code t} when t .. t+n-1 are not all in it. */
        int alphaOffset(OpenClBackend backend, Adam adam, long t, int n) {
            if (base < 1 || t < base || t + n > base + ALPHA_TABLE) {
                for (int i = 0; i < ALPHA_TABLE; i++) table[i] = adam.alpha(t + i);
                // Blocking, on the in-order queue: the launches before it have read the old table.
                backend.upload(table, (clnn.backend.DeviceFloats) alphas);
                base = t;
            }
            return (int) (t - base);
        }
    }
}
