package clnn.backend.opencl;

import java.util.Locale;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as {@code engine devices} lists it. {@code index} numbers the devices of every
 * platform in one list; it is what {@code --device opencl:N} takes.
 *
 * @param index          position in the one list of every platform's devices
 * @param platform       the platform's name (CL_PLATFORM_NAME)
 * @param name           the device's name, trimmed
 * @param type           "GPU", "CPU", "accelerator" or "other"
 * @param gpu            whether the device type includes GPU ({@code auto} picks the first such device)
 * @param computeUnits   CL_DEVICE_MAX_COMPUTE_UNITS
 * @param globalMemory   CL_DEVICE_GLOBAL_MEM_SIZE, bytes
 * @param localMemory    CL_DEVICE_LOCAL_MEM_SIZE, bytes
 * @param maxAllocation  CL_DEVICE_MAX_MEM_ALLOC_SIZE, bytes: the largest single buffer
 * @param maxWorkGroupSize CL_DEVICE_MAX_WORK_GROUP_SIZE, work-items
 * @param openclC        CL_DEVICE_OPENCL_C_VERSION, trimmed
 * @param driver         CL_DRIVER_VERSION, trimmed
 * @param platformId     the JOCL handle of the platform
 * @param deviceId       the JOCL handle of the device
 */
public record ClDevice(int index, String platform, String name, String type, boolean gpu, int computeUnits,
                       long globalMemory, long localMemory, long maxAllocation, long maxWorkGroupSize,
                       String openclC, String driver, cl_platform_id platformId, cl_device_id deviceId) {

    /**
     * The device as messages name it.
     *
     * @return index, name, type and platform, such as "[0] NVIDIA H100 (GPU, NVIDIA CUDA)"
     */
    public String shortName() {
        return "[" + index + "] " + name + " (" + type + ", " + platform + ")";
    }

    /**
     * Every figure the devices command shows.
     *
     * @return {@link #shortName()}, then on a second, indented line the memory and work-group figures
     */
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
