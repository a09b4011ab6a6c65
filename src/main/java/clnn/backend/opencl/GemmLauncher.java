package clnn.backend.opencl;

import clnn.Activation;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;

/**
 * Host side of kernels/gemm.cl: picks gemm_tiled where its precondition holds (m, n, k all at
 * least one tile, and the device runs a TS x TS/WPT work-group), else gemm_simple, and sets the
 * arguments of a call once.
 */
final class GemmLauncher {
    static final int TS = 16;
    static final int WPT = 4;
    static final String OPTIONS = "-DTS=" + TS + " -DWPT=" + WPT;

    /** Argument positions, as declared in gemm.cl. */
    static final int ARG_IDX_OFF = 10;

    private final ClProgram program;
    private final ClDevice device;
    private final long simpleLocalX;
    private final long simpleLocalY;
    private final boolean tiledFits;

    GemmLauncher(ClContext ctx, ClProgram.Sources sources) {
        this.device = ctx.device;
        this.program = ClProgram.build(ctx, sources, "gemm.cl", OPTIONS);
        long max = device.maxWorkGroupSize();
        // 16 x 4 = 64 work-items for the simple kernel: the x dimension runs along n, where consecutive
        // work-items read consecutive elements of B and C.
        this.simpleLocalX = Math.min(16, max);
        this.simpleLocalY = Math.max(1, Math.min(4, max / simpleLocalX));
        this.tiledFits = (long) TS * (TS / WPT) <= max && 2L * TS * (TS + 1) * 4 <= device.localMemory();
    }

    boolean usesTiled(Gemm g) {
        return tiledFits && g.m() >= TS && g.n() >= TS && g.k() >= TS;
    }

    Launch prepare(ClContext ctx, Gemm g, ClArray dummy, Runnable onRelease) {
        boolean tiled = usesTiled(g);
        ClKernel k = program.kernel(ctx, tiled ? "gemm_tiled" : "gemm_simple");
        if (tiled && k.maxWorkGroupSize(device) < (long) TS * (TS / WPT)) {
            k.close();
            k = program.kernel(ctx, "gemm_simple");
            tiled = false;
        }
        ClArray rows = g.aRows() == null ? dummy : (ClArray) g.aRows();
        k.arg(0, g.m()).arg(1, g.n()).arg(2, g.k()).arg(3, g.transA() ? 1 : 0).arg(4, g.transB() ? 1 : 0);
        k.arg(5, (ClArray) g.a().array()).arg(6, g.a().offset()).arg(7, g.a().ld());
        k.arg(8, rows).arg(9, g.aRows() == null ? 0 : 1).arg(ARG_IDX_OFF, 0);
        k.arg(11, (ClArray) g.b().array()).arg(12, g.b().offset()).arg(13, g.b().ld());
        k.arg(14, (ClArray) g.c().array()).arg(15, g.c().offset()).arg(16, g.c().ld());
        Epilogue e = g.epilogue();
        int code = 0;
        int act = code(Activation.LINEAR);
        Operand extra = null;
        if (e instanceof Epilogue.BiasActivation ba) {
            code = 1;
            act = code(ba.activation());
            extra = ba.bias();
        } else if (e instanceof Epilogue.ActivationGradient ag) {
            code = 2;
            act = code(ag.activation());
            extra = ag.output();
        } else if (e instanceof Epilogue.BiasGradient bg) {
            code = 3;
            extra = bg.columnSums();
        }
        k.arg(17, code).arg(18, act).arg(19, extra == null ? dummy : (ClArray) extra.array())
                .arg(20, extra == null ? 0 : extra.offset()).arg(21, extra == null ? 1 : extra.ld());
        long[] global;
        long[] local;
        if (tiled) {
            local = new long[] {TS, TS / WPT};
            global = new long[] {Launch.roundUp(g.n(), TS), Launch.roundUp(g.m(), TS) / WPT};
        } else {
            local = new long[] {simpleLocalX, simpleLocalY};
            global = new long[] {Launch.roundUp(g.n(), simpleLocalX), Launch.roundUp(g.m(), simpleLocalY)};
        }
        return new Launch(k, global, local, onRelease);
    }

    static int code(Activation a) {
        return switch (a) {
            case RELU -> 0;
            case LINEAR -> 1;
            case SIGMOID -> 2;
        };
    }
}
