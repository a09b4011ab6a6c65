package clnn.backend.opencl;

import clnn.Adam;
import clnn.backend.AdamUpdate;

/** Host side of kernels/adam.cl: about one work-item per parameter, capped; alpha is set per step. */
final class AdamLauncher {
    /** The parameters of adam, in order. */
    enum Arg implements KernelContract.Arg {
        COUNT, W, G, M, V, ALPHA, ONE_MINUS_BETA1, ONE_MINUS_BETA2, EPSILON
    }

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
        k.arg(Arg.COUNT, u.count()).arg(Arg.W, (ClArray) u.params()).arg(Arg.G, (ClArray) u.grads())
                .arg(Arg.M, (ClArray) u.m()).arg(Arg.V, (ClArray) u.v()).arg(Arg.ALPHA, 0f)
                .arg(Arg.ONE_MINUS_BETA1, 1f - a.beta1()).arg(Arg.ONE_MINUS_BETA2, 1f - a.beta2())
                .arg(Arg.EPSILON, a.epsilon());
        long wg = Math.min(64, Math.min(device.maxWorkGroupSize(), k.maxWorkGroupSize(device)));
        long global = Math.min(Launch.roundUp(u.count(), wg), Launch.roundUp(MAX_WORK_ITEMS, wg));
        return new Launch(k, new long[] {global}, new long[] {wg}, onRelease);
    }
}
