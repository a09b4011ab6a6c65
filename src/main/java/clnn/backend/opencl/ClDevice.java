package clnn.backend.opencl;

import java.util.Locale;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as {@code engine devices} lists it. {@code index} numbers the devices of every
 * platform in one list; it is what {@code --device opencl:N} takes.
 */
public record ClDevice(int index, String platform, String name, String type, boolean gpu, int computeUnits,
                       long globalMemory, long localMemory, long maxAllocation, long maxWorkGroupSize,
                       String openclC, String driver, cl_platform_id platformId, cl_device_id deviceId) {

    /** "[0] NVIDIA H100 (GPU, NVIDIA CUDA)". */
    public String shortName() {
        return "[" + index + "] " + name + " (" + type + ", " + platform + ")";
    }

    /** One line with every figure the devices command shows. */
    public String describe() {
        return String.format(Locale.ROOT, "%s%n      compute units %d, global memory %s, max allocation %s, local memory %s,"
                        + " max work-group %d, %s, driver %s",
                shortName(), computeUnits, bytes(globalMemory), bytes(maxAllocation), bytes(localMemory),
                maxWorkGroupSize, openclC, driver);
    }

    static String bytes(long b) {
        if (b >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        if (b >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        if (b >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", b / (double) (1L << 10));
        return b + " B";
    }
}
