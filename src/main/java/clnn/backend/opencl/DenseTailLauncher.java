package clnn.backend.opencl;

import clnn.backend.DenseTail;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;

/**
 * Host side of kernels/dense_tail.cl: recognises a {@link DenseTail} laid out the way the trainer
 * lays it out (up to MAX_TAIL layers, each layer's activations and gradients at offset 0 of their own
 * buffers, weights in one parameter buffer) and small enough for one work-group; anything else runs
 * as separate kernels (the call's default).
 */
final class DenseTailLauncher {
    static final int MAX_TAIL = 3;
    /** Above this many multiply-adds one work-group is slower than separate, parallel kernels. */
    static final long MAX_FUSED_MACS = 1L << 19;
    /** Argument positions, as declared in dense_tail.cl. */
    static final int ARG_IDX_OFF = 31;

    private final ClProgram program;
    private final ClDevice device;

    DenseTailLauncher(ClContext ctx, ClProgram.Sources sources) {
        this.device = ctx.device;
        this.program = ClProgram.build(ctx, sources, "-DMAX_WG=" + SoftmaxLauncher.MAX_WG + " -DMAX_TAIL=" + MAX_TAIL,
                "activations.cl", "xent.cl", "dense_tail.cl");
    }

    /** A launch for the call, or null when it should run as separate kernels. */
    Launch prepare(ClContext ctx, DenseTail t, ClArray dummy, Runnable onRelease) {
        if (!fusable(t)) return null;
        int layers = t.layers();
        Gemm first = t.forward()[0];
        Gemm lastDa = t.backward()[t.backward().length - 1];
        Epilogue.ActivationGradient mask = (Epilogue.ActivationGradient) lastDa.epilogue();
        ClKernel k = program.kernel(ctx, "dense_tail");
        k.arg(0, t.rows()).arg(1, layers);
        k.arg(2, (ClArray) first.a().array()).arg(3, first.k()).arg(4, first.a().ld());
        k.arg(5, (ClArray) lastDa.c().array()).arg(6, lastDa.c().ld()).arg(7, GemmLauncher.code(mask.activation()));
        k.arg(8, (ClArray) first.b().array()).arg(9, (ClArray) t.backward()[0].c().array());
        for (int i = 0; i < MAX_TAIL; i++) {
            int base = 10 + 6 * i;
            if (i < layers) {
                Gemm f = t.forward()[i];
                Epilogue.BiasActivation ba = (Epilogue.BiasActivation) f.epilogue();
                k.arg(base, (ClArray) f.c().array()).arg(base + 1, (ClArray) deltas(t, i)).arg(base + 2, f.n())
                        .arg(base + 3, GemmLauncher.code(ba.activation())).arg(base + 4, f.b().offset())
                        .arg(base + 5, ba.bias().offset());
            } else {
                k.arg(base, dummy).arg(base + 1, dummy).arg(base + 2, 1).arg(base + 3, 1).arg(base + 4, 0).arg(base + 5, 0);
            }
        }
        k.arg(28, (ClArray) t.loss().labels()).arg(29, t.loss().rowIndex() == null ? dummy : (ClArray) t.loss().rowIndex())
                .arg(30, t.loss().rowIndex() == null ? 0 : 1).arg(ARG_IDX_OFF, 0).arg(32, (ClArray) t.loss().metrics());
        long limit = Math.min(SoftmaxLauncher.MAX_WG, Math.min(device.maxWorkGroupSize(), k.maxWorkGroupSize(device)));
        long wg = Long.highestOneBit(Math.max(1, limit));
        return new Launch(k, new long[] {wg}, new long[] {wg}, onRelease);
    }

    /** The gradient buffer dZ of tail layer i: the B operand of its weight-gradient GEMM. */
    private static Object deltas(DenseTail t, int i) {
        int layers = t.layers();
        // backward holds, from the last layer down: dW, dA, dW, dA, ...; layer i's dW is at 2 * (layers - 1 - i).
        return t.backward()[2 * (layers - 1 - i)].b().array();
    }

    /** The layout and size the kernel handles; see the class comment. */
    static boolean fusable(DenseTail t) {
        int layers = t.layers();
        if (layers < 1 || layers > MAX_TAIL || t.macs() > MAX_FUSED_MACS) return false;
        if (t.forward().length != layers || t.backward().length != 2 * layers) return false;
        Object params = t.forward()[0].b().array();
        Object grads = t.backward()[0].c().array();
        for (int i = 0; i < layers; i++) {
            Gemm f = t.forward()[i];
            if (f.transA() || f.transB() || f.aRows() != null || !(f.epilogue() instanceof Epilogue.BiasActivation ba)) {
                return false;
            }
            if (f.b().array() != params || ba.bias().array() != params || f.b().ld() != f.n() || !plain(f.c(), f.n())) {
                return false;
            }
            if (i > 0 && (f.a().array() != t.forward()[i - 1].c().array() || !plain(f.a(), f.k()))) return false;
            Gemm dw = t.backward()[2 * (layers - 1 - i)];
            Gemm da = t.backward()[2 * (layers - 1 - i) + 1];
            if (!(dw.epilogue() instanceof Epilogue.BiasGradient bg) || dw.c().array() != grads
                    || dw.c().offset() != f.b().offset() || bg.columnSums().offset() != ba.bias().offset()
                    || !plain(dw.b(), f.n()) || !(da.epilogue() instanceof Epilogue.ActivationGradient)) {
                return false;
            }
        }
        Gemm lastForward = t.forward()[layers - 1];
        Operand logits = t.loss().logits();
        Operand grad = t.loss().gradient();
        return logits.array() == lastForward.c().array() && grad != null && plain(grad, lastForward.n())
                && grad.array() == t.backward()[0].b().array() && t.loss().rows() == t.rows();
    }

    private static boolean plain(Operand o, int width) {
        return o.offset() == 0 && o.ld() == width;
    }
}
