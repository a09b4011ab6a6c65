package clnn.backend.opencl;

import clnn.backend.SoftmaxCrossEntropy;

/** Host side of kernels/softmax_xent.cl: one work-group, a power of two within the device's limits. */
final class SoftmaxLauncher {
    static final int MAX_WG = 256;
    static final int ARG_IDX_OFF = 8;

    private final ClProgram program;
    private final ClDevice device;

    SoftmaxLauncher(ClContext ctx, ClProgram.Sources sources) {
        this.device = ctx.device;
        this.program = ClProgram.build(ctx, sources, "-DMAX_WG=" + MAX_WG, "xent.cl", "softmax_xent.cl");
    }

    Launch prepare(ClContext ctx, SoftmaxCrossEntropy s, ClArray dummy, Runnable onRelease) {
        ClKernel k = program.kernel(ctx, "softmax_xent");
        long limit = Math.min(MAX_WG, Math.min(device.maxWorkGroupSize(), k.maxWorkGroupSize(device)));
        long wg = Long.highestOneBit(Math.max(1, Math.min(limit, s.rows())));
        k.arg(0, s.rows()).arg(1, s.classes());
        k.arg(2, (ClArray) s.logits().array()).arg(3, s.logits().offset()).arg(4, s.logits().ld());
        k.arg(5, (ClArray) s.labels()).arg(6, s.rowIndex() == null ? dummy : (ClArray) s.rowIndex())
                .arg(7, s.rowIndex() == null ? 0 : 1).arg(ARG_IDX_OFF, 0);
        boolean grad = s.gradient() != null;
        k.arg(9, grad ? (ClArray) s.gradient().array() : dummy).arg(10, grad ? s.gradient().offset() : 0)
                .arg(11, grad ? s.gradient().ld() : 1).arg(12, grad ? 1 : 0);
        k.arg(13, (ClArray) s.metrics());
        return new Launch(k, new long[] {wg}, new long[] {wg}, onRelease);
    }
}
