package clnn.backend.opencl;

import clnn.Activation;
import clnn.backend.Epilogue;
import clnn.backend.opencl.KernelContract.EpilogueCode;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import java.util.HashMap;
import java.util.Map;

/**
 * Host side of kernels/gemm.cl. Picks, per call: gemm_blocked with the tuned configuration of the
 * call's shape class (GemmTuning) when the device is tuned, the tuner found a configuration faster
 * than the fixed policy for that class and the configuration fits the device (work-group size, local
 * memory), in every transpose form (NN forward, TN dW with the bias gradient, NT dA with the
 * activation gradient; one program per configuration and form, the form as -DTA/-DTB; the gather
 * and the epilogues are fused);
 * otherwise the fixed policy: on CPU devices gemm_colvec for A^T B (weight gradients) and
 * gemm_rowvec otherwise (explicit SIMD vectors); on other devices gemm_tiled where its precondition
 * holds (m, n, k all at least one tile, and the device runs a TS x TS/WPT work-group), else
 * gemm_simple. Sets the arguments of a call once.
 */
final class GemmLauncher {
    static final int TS = 16;
    static final int WPT = 4;
    static final int VW = 16;
    static final String OPTIONS = "-DTS=" + TS + " -DWPT=" + WPT + " -DVW=" + VW;

    /** The kernels of gemm.cl, by name. */
    static final String SIMPLE = "gemm_simple";
    static final String TILED = "gemm_tiled";
    static final String ROWVEC = "gemm_rowvec";
    static final String COLVEC = "gemm_colvec";
    static final String BLOCKED = "gemm_blocked";

    /** The parameters of every gemm.cl kernel (its GEMM_ARGS), in order. */
    enum Arg implements KernelContract.Arg {
        M, N, K, TRANS_A, TRANS_B,
        A, A_OFF, LDA,
        ROWS, GATHER, IDX_OFF,
        B, B_OFF, LDB,
        C, C_OFF, LDC,
        EPILOGUE, ACT, EXTRA, E_OFF, E_LD,
        A_LEN, B_LEN
    }

    private final ClProgram program;
    private final ClContext ctx;
    private final ClProgram.Sources sources;
    /** gemm_blocked is compiled once per configuration and transpose form it runs with (-D options). */
    private final Map<String, ClProgram> blockedPrograms = new HashMap<>();
    private GemmTuning tuning = GemmTuning.NONE;
    private GemmConfig forcedConfig;
    private final ClDevice device;
    private final long simpleLocalX;
    private final long simpleLocalY;
    private final boolean tiledFits;
    private final boolean cpuDevice;
    /** Tests force one kernel to check each against the reference; null lets the policy choose. */
    private String forced;

    GemmLauncher(ClContext ctx, ClProgram.Sources sources) {
        this.device = ctx.device;
        this.ctx = ctx;
        this.sources = sources;
        this.program = ClProgram.build(ctx, sources, OPTIONS, "activations.cl", "gemm.cl");
        long max = device.maxWorkGroupSize();
        // 16 x 4 = 64 work-items for the simple kernel: the x dimension runs along n, where consecutive
        // work-items read consecutive elements of B and C.
        this.simpleLocalX = Math.min(16, max);
        this.simpleLocalY = Math.max(1, Math.min(4, max / simpleLocalX));
        this.tiledFits = (long) TS * (TS / WPT) <= max && 2L * TS * (TS + 1) * 4 <= device.localMemory();
        this.cpuDevice = !device.gpu() && device.type().equals("CPU");
    }

    void force(String kernel) {
        this.forced = kernel;
        this.forcedConfig = null;
    }

    /** Tests and the tuner: every later call runs gemm_blocked with {@code config} (null: the policy). */
    void force(GemmConfig config) {
        this.forced = config == null ? null : BLOCKED;
        this.forcedConfig = config;
    }

    void tuning(GemmTuning t) {
        this.tuning = t;
    }

    /** Whether the device can run gemm_blocked with {@code c} at all (its work-group and local memory). */
    boolean fits(GemmConfig c) {
        return c.workGroupSize() <= device.maxWorkGroupSize() && c.localBytes() <= device.localMemory();
    }

    /** The configuration gemm_blocked would run a call with, or null when the fixed policy takes it. */
    GemmConfig blockedConfig(Gemm g) {
        if (forcedConfig != null) return fits(forcedConfig) ? forcedConfig : null;
        if (forced != null) return null;
        GemmConfig c = tuning.config(GemmTuning.ShapeClass.of(g.m(), g.n(), g.k()));
        return c != null && fits(c) ? c : null;
    }

    /** The kernel a call runs with. */
    String choose(Gemm g) {
        if (blockedConfig(g) != null) return BLOCKED;
        if (forced != null && !forced.equals(BLOCKED)) {
            if (forced.equals(TILED) && !tiledFits) return SIMPLE;
            if (forced.equals(COLVEC) && !g.transA()) return ROWVEC;
            return forced;
        }
        return policy(g);
    }

    /** The fixed policy: what an untuned device runs, and what a blocked call falls back to. */
    private String policy(Gemm g) {
        if (cpuDevice) return g.transA() ? COLVEC : ROWVEC;
        return tiledFits && g.m() >= TS && g.n() >= TS && g.k() >= TS ? TILED : SIMPLE;
    }

    Launch prepare(ClContext ctx, Gemm g, ClArray dummy, Runnable onRelease) {
        String name = choose(g);
        GemmConfig config = name.equals(BLOCKED) ? blockedConfig(g) : null;
        ClKernel k = config != null ? blockedProgram(config, g.transA(), g.transB()).kernel(ctx, name)
                : program.kernel(ctx, name);
        if (name.equals(TILED) && k.maxWorkGroupSize(device) < (long) TS * (TS / WPT)
                || config != null && k.maxWorkGroupSize(device) < config.workGroupSize()) {
            // The kernel's own limit (registers, local memory) can be below the device's: fall back.
            k.close();
            name = config != null ? policy(g) : SIMPLE;
            if (name.equals(TILED)) name = SIMPLE;
            config = null;
            k = program.kernel(ctx, name);
        }
        ClArray rows = g.aRows() == null ? dummy : (ClArray) g.aRows();
        k.arg(Arg.M, g.m()).arg(Arg.N, g.n()).arg(Arg.K, g.k())
                .arg(Arg.TRANS_A, g.transA() ? 1 : 0).arg(Arg.TRANS_B, g.transB() ? 1 : 0);
        k.arg(Arg.A, (ClArray) g.a().array()).arg(Arg.A_OFF, g.a().offset()).arg(Arg.LDA, g.a().ld());
        k.arg(Arg.ROWS, rows).arg(Arg.GATHER, g.aRows() == null ? 0 : 1).arg(Arg.IDX_OFF, 0);
        k.arg(Arg.B, (ClArray) g.b().array()).arg(Arg.B_OFF, g.b().offset()).arg(Arg.LDB, g.b().ld());
        k.arg(Arg.C, (ClArray) g.c().array()).arg(Arg.C_OFF, g.c().offset()).arg(Arg.LDC, g.c().ld());
        Epilogue e = g.epilogue();
        Activation act = Activation.LINEAR;
        Operand extra = null;
        if (e instanceof Epilogue.BiasActivation ba) {
            act = ba.activation();
            extra = ba.bias();
        } else if (e instanceof Epilogue.ActivationGradient ag) {
            act = ag.activation();
            extra = ag.output();
        } else if (e instanceof Epilogue.BiasGradient bg) {
            extra = bg.columnSums();
        }
        k.arg(Arg.EPILOGUE, EpilogueCode.of(e).code()).arg(Arg.ACT, KernelContract.code(act))
                .arg(Arg.EXTRA, extra == null ? dummy : (ClArray) extra.array())
                .arg(Arg.E_OFF, extra == null ? 0 : extra.offset()).arg(Arg.E_LD, extra == null ? 1 : extra.ld());
        k.arg(Arg.A_LEN, ((ClArray) g.a().array()).length).arg(Arg.B_LEN, ((ClArray) g.b().array()).length);
        long[] global;
        long[] local;
        if (config != null) {
            local = new long[] {config.ndimc(), config.mdimc()};
            global = new long[] {(long) ((g.n() + config.colsPerGroup() - 1) / config.colsPerGroup()) * config.ndimc(),
                (long) ((g.m() + config.rowsPerGroup() - 1) / config.rowsPerGroup()) * config.mdimc()};
        } else if (name.equals(TILED)) {
            local = new long[] {TS, TS / WPT};
            global = new long[] {Launch.roundUp(g.n(), TS), Launch.roundUp(g.m(), TS) / WPT};
        } else if (name.equals(ROWVEC)) {
            // One work-item per VW columns of a row; let the runtime group them (any size is valid).
            local = null;
            global = new long[] {(g.n() + VW - 1) / VW, g.m()};
        } else if (name.equals(COLVEC)) {
            local = null;
            global = new long[] {g.n(), (g.m() + VW - 1) / VW};
        } else {
            local = new long[] {simpleLocalX, simpleLocalY};
            global = new long[] {Launch.roundUp(g.n(), simpleLocalX), Launch.roundUp(g.m(), simpleLocalY)};
        }
        return new Launch(k, global, local, onRelease);
    }

    /** The build options of gemm_blocked with {@code c} for the form (transA, transB). */
    static String blockedOptions(GemmConfig c, boolean transA, boolean transB) {
        return OPTIONS + " " + c.defines() + " -DTA=" + (transA ? 1 : 0) + " -DTB=" + (transB ? 1 : 0);
    }

    private ClProgram blockedProgram(GemmConfig c, boolean transA, boolean transB) {
        return blockedPrograms.computeIfAbsent(blockedOptions(c, transA, transB),
                o -> ClProgram.build(ctx, sources, o, "activations.cl", "gemm.cl"));
    }

    /** The transpose forms gemm_blocked has been built for so far ("NN", "TN", ...), for tests. */
    java.util.Set<String> blockedForms() {
        java.util.Set<String> forms = new java.util.TreeSet<>();
        for (String o : blockedPrograms.keySet()) {
            forms.add((o.contains("-DTA=1") ? "T" : "N") + (o.contains("-DTB=1") ? "T" : "N"));
        }
        return forms;
    }
}
