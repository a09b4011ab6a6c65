package clnn.backend.opencl;

import clnn.Adam;
import clnn.backend.AdamUpdate;

/** Host side of kernels/adam.cl: about one work-item per parameter, capped; alpha is set per step. */
final class AdamLauncher {
    static final int ARG_ALPHA = 5;
    private static final long MAX_WORK_ITEMS = 1 << 20;

    private final ClProgram program;
    private final ClDevice device;

    AdamLauncher(ClContext ctx, ClProgram.Sources sources) {
        this.device = ctx.device;
        this.program = ClProgram.build(ctx, sources, "", "adam.cl");
    }

    Launch prepare(ClContext ctx, AdamUpdate u, Runnable onRelease) {
        ClKernel k = program.kernel(ctx, "adam");
        Adam a = u.adam();
        k.arg(0, u.count()).arg(1, (ClArray) u.params()).arg(2, (ClArray) u.grads()).arg(3, (ClArray) u.m())
                .arg(4, (ClArray) u.v()).arg(ARG_ALPHA, 0f).arg(6, 1f - a.beta1()).arg(7, 1f - a.beta2())
                .arg(8, a.epsilon());
        long wg = Math.min(64, Math.min(device.maxWorkGroupSize(), k.maxWorkGroupSize(device)));
        long global = Math.min(Launch.roundUp(u.count(), wg), Launch.roundUp(MAX_WORK_ITEMS, wg));
        return new Launch(k, new long[] {global}, new long[] {wg}, onRelease);
    }
}
