package clnn.backend.opencl;

import clnn.backend.BackendCounters;
import org.jocl.CL;
import org.jocl.CLException;

/**
 * A kernel prepared for one call record (a Gemm, a softmax, an Adam update): its arguments are set
 * and its geometry fixed, so a launch is one or two argument updates and one enqueue. Released
 * with any of the arrays it uses.
 */
final class Launch extends ClHandle {
    final ClKernel kernel;
    private final long[] global;
    private final long[] local;
    private final Runnable onRelease;

    Launch(ClKernel kernel, long[] global, long[] local, Runnable onRelease) {
        this.kernel = kernel;
        this.global = global;
        this.local = local;
        this.onRelease = onRelease;
    }

    void enqueue(ClContext ctx, BackendCounters counters) {
        try {
            CL.clEnqueueNDRangeKernel(ctx.queue, kernel.kernel, global.length, null, global, local, 0, null, null);
        } catch (CLException e) {
            throw ClErrors.wrap("launching " + kernel.name, ctx.device, e);
        }
        counters.launched();
    }

    @Override
    protected void release() {
        kernel.close();
        onRelease.run();
    }

    static long roundUp(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
