package clnn.backend.opencl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * One cl_kernel with its arguments. Each prepared call gets its own kernel object so the arguments
 * that never change (buffers, shapes, leading dimensions) are set once; a launch sets only what
 * varies per step. The scalar holders are reused, so setting an argument allocates nothing.
 * Arguments are set by name ({@link KernelContract.Arg}), never by a counted position.
 */
final class ClKernel extends ClHandle {
    final cl_kernel kernel;
    final String name;
    private final int[] intHolder = new int[1];
    private final float[] floatHolder = new float[1];
    private final Pointer intPointer = Pointer.to(intHolder);
    private final Pointer floatPointer = Pointer.to(floatHolder);

    ClKernel(cl_kernel kernel, String name) {
        this.kernel = kernel;
        this.name = name;
    }

    @Override
    protected void release() {
        CL.clReleaseKernel(kernel);
    }

    ClKernel arg(KernelContract.Arg param, ClArray array) {
        return arg(param.ordinal(), array);
    }

    /** One buffer of a {@link ClRowChunks} (gather_rows.cl takes its chunks one at a time). */
    ClKernel arg(KernelContract.Arg param, cl_mem mem) {
        CL.clSetKernelArg(kernel, param.ordinal(), Sizeof.cl_mem, Pointer.to(mem));
        return this;
    }

    ClKernel arg(KernelContract.Arg param, int value) {
        return arg(param.ordinal(), value);
    }

    ClKernel arg(KernelContract.Arg param, float value) {
        return arg(param.ordinal(), value);
    }

    private ClKernel arg(int index, ClArray array) {
        if (array instanceof ClRowChunks split) {
            // OpenClBackend refuses such calls first; this guards against a launcher that forgets.
            throw new IllegalArgumentException("array " + split.describe() + " is split by rows and cannot be an argument of "
                    + name);
        }
        CL.clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(array.mem));
        return this;
    }

    private ClKernel arg(int index, int value) {
        intHolder[0] = value;
        CL.clSetKernelArg(kernel, index, Sizeof.cl_int, intPointer);
        return this;
    }

    private ClKernel arg(int index, float value) {
        floatHolder[0] = value;
        CL.clSetKernelArg(kernel, index, Sizeof.cl_float, floatPointer);
        return this;
    }

    /** The largest work-group this kernel can run with on the device (it may be below the device's maximum). */
    long maxWorkGroupSize(ClDevice device) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        CL.clGetKernelWorkGroupInfo(kernel, device.deviceId(), CL.CL_KERNEL_WORK_GROUP_SIZE, 8, Pointer.to(b), null);
        return b.getLong(0);
    }
}
