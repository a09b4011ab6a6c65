package clnn.backend.cpu;

import static clnn.backend.cpu.CpuArrays.data;

import clnn.Activation;
import clnn.backend.AdamUpdate;
import clnn.backend.TrainingSteps;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Vector API twin's fused {@link clnn.backend.Backend#trainSteps}: the rule for which networks fuse, the
 * per-backend cache of the padded arrays, the copy in and out of the engine's layout, and the JIT warm-up. The steps
 * themselves are {@link FusedMlp}.
 *
 * <p><b>What fuses.</b> Any dense network whose layers have at most {@value #MAX_UNITS} units each (the input may be
 * wider), at a batch of at most {@value #MAX_BATCH} rows, whose padded working set (parameters, gradients, both
 * moments, the transposed weights and one batch's activations and deltas; the data set aside, see
 * {@link FusedLayout#workingSetBytes}) is at most {@value #MAX_WORKING_SET} bytes, so that it stays in the core's L2
 * from one step to the next. The reference network 400-25-15-10 at batch 32 takes 250 KB. Larger networks keep the
 * per-op path: there the products are big enough for {@link BlockedGemm}'s packing, cache blocks and threads, and a
 * step's call overheads no longer matter. {@link #fusion} says which path a call takes ("Vector API, 16 floats a
 * vector, widths padded to 32-32-32").
 *
 * <p><b>One call.</b> The parameters and Adam's moments are copied into the padded layout at the start and back at
 * the end, so between calls the engine's arrays hold exactly what the unfused steps would leave; the gradients and
 * the per-op workspace are left stale, as {@link TrainingSteps} allows. The metrics accumulate into the call's
 * metrics array step by step, exactly as the loss op does. Copying costs one or two steps' time per call (measured
 * with FusedStepBench.oneStepCall), and the trainer calls once per epoch, or once per progress update.
 */
public final class FusedSteps {
    static final int MAX_UNITS = 256;
    static final int MAX_BATCH = 1024;
    static final long MAX_WORKING_SET = 2L << 20;

    /** A fused-step runner with no arrays yet: the first call sizes them for its network. */
    public FusedSteps() {
    }

    /** A round of the warm-up's kernel calls faster than this ran compiled code. */
    static final long COMPILED_ROUND_NANOS = 1500;
    /** Compiled rounds in a row that end the warm-up: C2 has compiled every kernel. */
    static final int READY_ROUNDS = 200;
    /** An epoch of at least this many multiply-adds waits for the warm-up (the reference network's: 1.1e8). */
    static final long WAIT_WORK = 1L << 24;
    /** The warm-up's bound in time: a slow machine stops warming rather than competing. */
    static final long WARM_UP_MILLIS = 4000;
    /** The longest a fit waits for the warm-up: it took 0.8-2.3 s on the loaded 2-processor development machine. */
    static final long WAIT_MILLIS = 2000;
    /** The one warm-up of this JVM, once started. */
    private static final AtomicReference<FusedWarmUp> WARM_UP = new AtomicReference<>();

    /** The last network's padded arrays: a backend trains one network at a time, and a new shape replaces them. */
    private FusedMlp engine;

    /** Null when the rule accepts the network and batch, else the reason it does not. */
    static String refusal(int[] widths, Activation[] activations, int batch) {
        for (int l = 1; l < widths.length; l++) {
            if (widths[l] > MAX_UNITS) return "layer " + l + " has " + widths[l] + " units (fused: <= " + MAX_UNITS + ")";
        }
        if (batch > MAX_BATCH) return "batch " + batch + " (fused: <= " + MAX_BATCH + ")";
        // Inputs so wide that the four parameter arrays alone could not fit (and the layout's ints could overflow).
        long rows = 0;
        for (int l = 1; l < widths.length; l++) rows += widths[l - 1];
        if (rows * 2 * FusedKernels.L * 16 > MAX_WORKING_SET) return rows + " rows of weights (fused: a working set <= "
                + MAX_WORKING_SET + " bytes)";
        long bytes = new FusedLayout(widths, activations, batch, FusedKernels.L).workingSetBytes();
        if (bytes > MAX_WORKING_SET) return "working set " + bytes + " bytes (fused: <= " + MAX_WORKING_SET + ")";
        return null;
    }

    static boolean accepts(TrainingSteps call) {
        return refusal(call.widths(), call.activations(), call.batch()) == null;
    }

    /** What {@link clnn.backend.Backend#fusion} answers for the Vector API twin. */
    static Optional<String> fusion(TrainingSteps call) {
        if (!accepts(call)) return Optional.empty();
        FusedLayout layout = new FusedLayout(call.widths(), call.activations(), call.batch(), FusedKernels.L);
        return Optional.of("Vector API, " + FusedKernels.L + " floats a vector, widths padded to "
                + layout.paddedWidths());
    }

    /** Runs the steps fused; the caller has checked {@link #fusion}. */
    void run(TrainingSteps call, int first, int count, long adamStepBefore) {
        call.checkRange(first, count);
        awaitCompiledKernels(call);
        FusedMlp e = engineFor(call.widths(), call.activations(), call.batch());
        AdamUpdate u = call.adam();
        float[] params = data(u.params());
        float[] m = data(u.m());
        float[] v = data(u.v());
        if (u.count() != e.layout.realParams) {
            throw new IllegalArgumentException("Adam updates " + u.count() + " parameters; the network has "
                    + e.layout.realParams);
        }
        e.load(params, m, v, call.weightOffsets());
        e.steps(data(call.x()), data(call.labels()), data(call.index()), data(call.metrics()), call.rows(), first,
                count, adamStepBefore, u.adam());
        e.store(params, m, v, call.weightOffsets());
    }

    /**
     * The first fused call of a JVM starts the warm-up if nothing has, and, when an epoch is big enough
     * ({@value #WAIT_WORK} multiply-adds or more), waits for it (at most {@value #WAIT_MILLIS} ms): until C2 has
     * compiled the kernels a step of the reference network takes 5-10 ms instead of 40 µs, and those slow steps
     * would also take the processor from the compiler. A small fit does not wait: its cold steps cost less than the
     * wait. Later calls find the warm-up finished and go straight on.
     */
    private static void awaitCompiledKernels(TrainingSteps call) {
        FusedWarmUp w = warmUpAsync();
        if (w.finished()) return;
        long macs = 0;
        for (int l = 1; l < call.widths().length; l++) macs += 3L * call.widths()[l - 1] * call.widths()[l];
        if ((long) call.rows() * macs < WAIT_WORK) return;
        try {
            w.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the steps still run, only on colder code
        }
    }

    private FusedMlp engineFor(int[] widths, Activation[] activations, int batch) {
        if (engine == null || !engine.layout.sameAs(widths, activations, batch)) {
            engine = new FusedMlp(new FusedLayout(widths, activations, batch, FusedKernels.L));
        }
        return engine;
    }

    /**
     * Starts compiling the fused steps' kernels on a daemon thread, so that C2 has them before a fit needs them: see
     * {@link FusedWarmUp}. One warm-up per JVM (the kernels serve every network): a second call returns the first
     * one's handle. The first fused call of a JVM starts it by itself; calling it earlier (while the data loads)
     * moves more of the JIT's work off the training clock.
     *
     * @return this JVM's warm-up, running or done
     */
    public static FusedWarmUp warmUpAsync() {
        FusedWarmUp started = WARM_UP.get();
        if (started != null) return started;
        FusedWarmUp fresh = FusedWarmUp.prepare(FusedSteps::warmUpKernels);
        if (WARM_UP.compareAndSet(null, fresh)) {
            fresh.start();
            return fresh;
        }
        return WARM_UP.get();
    }

    /**
     * {@link #warmUpAsync()} for a network of {@code widths} (inputs, then each layer's units) and
     * {@code activations} at {@code batch}: {@link FusedWarmUp#none()} when the rule refuses it (its fit will not
     * fuse, so warming the fused kernels would only take the processor from the data loading).
     *
     * @param widths      inputs, then each layer's units
     * @param activations each layer's activation
     * @param batch       rows per step
     * @return this JVM's warm-up, or one that does nothing
     */
    public static FusedWarmUp warmUpAsync(int[] widths, Activation[] activations, int batch) {
        return refusal(widths, activations, batch) == null ? warmUpAsync() : FusedWarmUp.none();
    }

    /**
     * Every vector kernel of a fused step, called in rounds with tiny operands (2 rows, 2 vectors, every activation)
     * on the warm-up's own arrays until the rounds run at compiled speed ({@value #READY_ROUNDS} relu rounds in a row
     * under {@value #COMPILED_ROUND_NANOS} ns: compiled, one takes about 0.2 µs, in C1 5-30 µs), and for at most
     * {@value #WARM_UP_MILLIS} ms.
     *
     * <p>Why tiny: what delays C2 is not compiling (50-200 ms a kernel, measured with -XX:+LogCompilation) but the
     * counts of calls and loop iterations that must accumulate first in the interpreter and in C1's profiled code,
     * where each vector operation is a call and an allocation. Tiny calls reach them with the least of that slow work
     * (about 16000 rounds, 0.8-2 s on the shared development machine). Measured alternatives: whole steps of a
     * miniature network got there no sooner than the real steps; operands of realistic size (64 long sums, 32 rows)
     * no sooner than tiny ones, and the kernels C2 compiled from either profile ran the real steps equally fast.
     */
    private static void warmUpKernels(FusedWarmUp handle) {
        int t = 2 * FusedKernels.L;
        Random r = new Random(1);
        float[] a = new float[8 * 2];
        float[] b = new float[2 * t];
        float[] c = new float[8 * t];
        float[] out = new float[8 * t];
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
        int[] rowAt = new int[8];
        for (int i = 0; i < 8; i++) rowAt[i] = 2 * i;
        float[] w = new float[t];
        float[] g = new float[t];
        float[] m = new float[t];
        float[] v = new float[t];
        for (int i = 0; i < t; i++) g[i] = r.nextFloat() - 0.5f;
        Activation[] acts = Activation.values();
        long deadline = System.nanoTime() + WARM_UP_MILLIS * 1_000_000L;
        int fast = 0;
        for (int i = 0; !handle.cancelled() && fast < READY_ROUNDS && System.nanoTime() < deadline; i++) {
            Activation act = acts[i % acts.length];
            long start = System.nanoTime();
            FusedKernels.rows8x2(a, rowAt, 0, 2, b, 0, t, c, 0, t);
            FusedKernels.biasActivation(act, c, t, 2, t, b, 0);
            FusedKernels.kRows8x2(a, rowAt, 2, 0, 1, c, 0, t, out, 0, t);
            FusedKernels.columnSums(c, t, 2, t, out, 0);
            FusedKernels.timesDerivative(act, c, b, t, 2);
            FusedKernels.adam(w, g, m, v, t, 1e-3f, 0.1f, 0.001f, 1e-7f);
            long took = System.nanoTime() - start;
            // Timed on relu rounds only: sigmoid's epilogue is scalar exp, slow however compiled.
            if (act == Activation.RELU) fast = took < COMPILED_ROUND_NANOS ? fast + 1 : 0;
            handle.round();
        }
    }
}
