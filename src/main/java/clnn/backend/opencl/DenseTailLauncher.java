package clnn.backend.opencl;

import clnn.Activation;
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
    /** The parameters of dense_tail, in order: a few for the whole call, then one group per tail layer. */
    enum Arg implements KernelContract.Arg {
        ROWS, LAYERS,
        A_IN, IN_W, IN_LD,
        D_IN, D_IN_LD, IN_ACT,
        PARAMS, GRADS,
        A0, DZ0, W0, ACT0, W_OFF0, B_OFF0,
        A1, DZ1, W1, ACT1, W_OFF1, B_OFF1,
        A2, DZ2, W2, ACT2, W_OFF2, B_OFF2,
        LABELS, INDEX, GATHER, IDX_OFF,
        METRICS
    }

    /** One tail layer's argument group: its activations and gradients, width, activation, W and b offsets. */
    private record Layer(Arg a, Arg dz, Arg width, Arg act, Arg wOff, Arg bOff) {
    }

    private static final Layer[] LAYERS = {
        new Layer(Arg.A0, Arg.DZ0, Arg.W0, Arg.ACT0, Arg.W_OFF0, Arg.B_OFF0),
        new Layer(Arg.A1, Arg.DZ1, Arg.W1, Arg.ACT1, Arg.W_OFF1, Arg.B_OFF1),
        new Layer(Arg.A2, Arg.DZ2, Arg.W2, Arg.ACT2, Arg.W_OFF2, Arg.B_OFF2),
    };

    /** The deepest tail the kernel takes: fixed by its signature (one argument group per layer), not tunable. */
    static final int MAX_TAIL = LAYERS.length;
    /** Above this many multiply-adds one work-group is slower than separate, parallel kernels. */
    static final long MAX_FUSED_MACS = 1L << 19;

    private final ClProgram program;
    private final ClDevice device;

    DenseTailLauncher(ClContext ctx, ClProgram.Sources sources) {
        this.device = ctx.device;
        this.program = ClProgram.build(ctx, sources, "-DMAX_WG=" + SoftmaxCrossEntropyLauncher.MAX_WG,
                "activations.cl", "cross_entropy.cl", "dense_tail.cl");
    }

    /** A launch for the call, or null when it should run as separate kernels. */
    Launch prepare(ClContext ctx, DenseTail t, ClArray dummy, Runnable onRelease) {
        if (!fusable(t)) return null;
        int layers = t.layers();
        Gemm first = t.forward()[0];
        Gemm lastDa = t.backward()[t.backward().length - 1];
        Epilogue.ActivationGradient mask = (Epilogue.ActivationGradient) lastDa.epilogue();
        ClKernel k = program.kernel(ctx, "dense_tail");
        k.arg(Arg.ROWS, t.rows()).arg(Arg.LAYERS, layers);
        k.arg(Arg.A_IN, (ClArray) first.a().array()).arg(Arg.IN_W, first.k()).arg(Arg.IN_LD, first.a().ld());
        k.arg(Arg.D_IN, (ClArray) lastDa.c().array()).arg(Arg.D_IN_LD, lastDa.c().ld())
                .arg(Arg.IN_ACT, KernelContract.code(mask.activation()));
        k.arg(Arg.PARAMS, (ClArray) first.b().array()).arg(Arg.GRADS, (ClArray) t.backward()[0].c().array());
        for (int i = 0; i < MAX_TAIL; i++) {
            Layer l = LAYERS[i];
            if (i < layers) {
                Gemm f = t.forward()[i];
                Epilogue.BiasActivation ba = (Epilogue.BiasActivation) f.epilogue();
                k.arg(l.a(), (ClArray) f.c().array()).arg(l.dz(), (ClArray) deltas(t, i)).arg(l.width(), f.n())
                        .arg(l.act(), KernelContract.code(ba.activation())).arg(l.wOff(), f.b().offset())
                        .arg(l.bOff(), ba.bias().offset());
            } else {
                k.arg(l.a(), dummy).arg(l.dz(), dummy).arg(l.width(), 1)
                        .arg(l.act(), KernelContract.code(Activation.LINEAR)).arg(l.wOff(), 0).arg(l.bOff(), 0);
            }
        }
        boolean gather = t.loss().rowIndex() != null;
        k.arg(Arg.LABELS, (ClArray) t.loss().labels()).arg(Arg.INDEX, gather ? (ClArray) t.loss().rowIndex() : dummy)
                .arg(Arg.GATHER, gather ? 1 : 0).arg(Arg.IDX_OFF, 0).arg(Arg.METRICS, (ClArray) t.loss().metrics());
        long limit = Math.min(SoftmaxCrossEntropyLauncher.MAX_WG,
                Math.min(device.maxWorkGroupSize(), k.maxWorkGroupSize(device)));
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
