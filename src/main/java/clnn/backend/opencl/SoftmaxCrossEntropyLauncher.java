package clnn.backend.opencl;

import clnn.backend.SoftmaxCrossEntropy;

/** Host side of kernels/softmax_cross_entropy.cl: one work-group, a power of two within the device's limits. */
final class SoftmaxCrossEntropyLauncher {
    static final int MAX_WG = 256;

    /** The parameters of softmax_cross_entropy, in order. */
    enum Arg implements KernelContract.Arg {
        ROWS, CLASSES, Z, Z_OFF, LDZ, LABELS, INDEX, GATHER, IDX_OFF, GRAD, G_OFF, LDG, WITH_GRAD, METRICS
    }

    private final ClProgram program;
    private final ClDevice device;

    SoftmaxCrossEntropyLauncher(ClContext ctx, ClProgram.Sources sources) {
        this.device = ctx.device;
        this.program = ClProgram.build(ctx, sources, "-DMAX_WG=" + MAX_WG, "cross_entropy.cl", "softmax_cross_entropy.cl");
    }

    Launch prepare(ClContext ctx, SoftmaxCrossEntropy s, ClArray dummy, Runnable onRelease) {
        ClKernel k = program.kernel(ctx, "softmax_cross_entropy");
        long limit = Math.min(MAX_WG, Math.min(device.maxWorkGroupSize(), k.maxWorkGroupSize(device)));
        long wg = Long.highestOneBit(Math.max(1, Math.min(limit, s.rows())));
        k.arg(Arg.ROWS, s.rows()).arg(Arg.CLASSES, s.classes());
        k.arg(Arg.Z, (ClArray) s.logits().array()).arg(Arg.Z_OFF, s.logits().offset()).arg(Arg.LDZ, s.logits().ld());
        k.arg(Arg.LABELS, (ClArray) s.labels()).arg(Arg.INDEX, s.rowIndex() == null ? dummy : (ClArray) s.rowIndex())
                .arg(Arg.GATHER, s.rowIndex() == null ? 0 : 1).arg(Arg.IDX_OFF, 0);
        boolean grad = s.gradient() != null;
        k.arg(Arg.GRAD, grad ? (ClArray) s.gradient().array() : dummy).arg(Arg.G_OFF, grad ? s.gradient().offset() : 0)
                .arg(Arg.LDG, grad ? s.gradient().ld() : 1).arg(Arg.WITH_GRAD, grad ? 1 : 0);
        k.arg(Arg.METRICS, (ClArray) s.metrics());
        return new Launch(k, new long[] {wg}, new long[] {wg}, onRelease);
    }
}
