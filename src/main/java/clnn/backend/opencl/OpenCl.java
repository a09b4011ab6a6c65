package clnn.backend.opencl;

import clnn.DeviceException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Finding OpenCL devices, and saying precisely why there are none: no loader library, no driver
 * (ICD), or no device of the kind asked for.
 */
public final class OpenCl {
    private OpenCl() {
    }

    /**
     * Every device of every platform, numbered in one list. Throws a DeviceException if OpenCL is unusable.
     *
     * <p>Discovery runs once per JVM and its answer (the list, or the reason there is none) is kept:
     * two threads that listed devices at the same moment raced inside the ICD loader and one saw 0
     * devices, failing a parallel job with "no OpenCL device found". A static holder class makes the
     * JVM run the discovery exactly once, under its class-initialisation lock, whoever asks first.
     *
     * @return every device, possibly none
     * @throws clnn.DeviceException when OpenCL is unusable (no loader library, no platform), with the fix
     */
    public static List<ClDevice> devices() {
        return Discovery.RESULT.answer();
    }

    /** The one discovery of this JVM, run when the holder class is first used. */
    private static final class Discovery {
        static final Result RESULT = Result.of();
    }

    /** The devices found, or why there are none (kept, so every caller hears the same answer). */
    private record Result(List<ClDevice> devices, RuntimeException failure) {
        static Result of() {
            try {
                return new Result(List.copyOf(discover()), null);
            } catch (RuntimeException e) {
                // Kept rather than thrown: an exception escaping a class initialiser would poison the
                // holder (NoClassDefFoundError for every later caller) instead of repeating the reason.
                return new Result(null, e);
            }
        }

        List<ClDevice> answer() {
            if (failure == null) return devices;
            // A fresh exception per caller, so each stack trace shows who asked; the first one is the cause.
            if (failure instanceof DeviceException d) throw new DeviceException(d.getMessage(), d);
            throw new IllegalStateException("OpenCL discovery failed earlier in this JVM: " + failure, failure);
        }
    }

    private static List<ClDevice> discover() {
        if (LoaderProbe.certainlyMissing()) throw noLoader("not installed");
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            CL.clGetPlatformIDs(0, null, count);
            if (count[0] == 0) throw noPlatform();
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(count[0], platforms, null);
            List<ClDevice> all = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                String platformName = platformString(p, CL.CL_PLATFORM_NAME);
                int[] n = new int[1];
                try {
                    CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (CLException e) {
                    if (e.getStatus() == CL.CL_DEVICE_NOT_FOUND) continue;
                    throw e;
                }
                cl_device_id[] ids = new cl_device_id[n[0]];
                CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, n[0], ids, null);
                for (cl_device_id d : ids) all.add(describe(all.size(), platformName, p, d));
            }
            return all;
        } catch (LinkageError e) {
            // UnsatisfiedLinkError the first time JOCL's static initialiser fails, NoClassDefFoundError after.
            DeviceException d = noLoader(e.getClass().getSimpleName());
            d.initCause(e);
            throw d;
        } catch (CLException e) {
            if (e.getStatus() == ClErrors.CL_PLATFORM_NOT_FOUND_KHR) throw noPlatform();
            throw ClErrors.wrap("listing OpenCL devices", null, e);
        }
    }

    private static DeviceException noLoader(String why) {
        return new DeviceException("OpenCL is not available: the OpenCL loader (libOpenCL.so.1) could not be loaded "
                + "(" + why + "); install ocl-icd-libopencl1 and a vendor driver (ICD), "
                + "e.g. pocl-opencl-icd for CPUs or your GPU vendor's OpenCL package");
    }

    private static DeviceException noPlatform() {
        return new DeviceException("no OpenCL platform (CL_PLATFORM_NOT_FOUND_KHR): /etc/OpenCL/vendors has no ICD "
                + "for any device; install your GPU vendor's OpenCL driver, or pocl-opencl-icd to run on the CPU");
    }

    private static ClDevice describe(int index, String platform, cl_platform_id p, cl_device_id d) {
        long type = deviceLong(d, CL.CL_DEVICE_TYPE);
        boolean gpu = (type & CL.CL_DEVICE_TYPE_GPU) != 0;
        String typeName = gpu ? "GPU" : (type & CL.CL_DEVICE_TYPE_CPU) != 0 ? "CPU"
                : (type & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "accelerator" : "other";
        return new ClDevice(index, platform, deviceString(d, CL.CL_DEVICE_NAME).trim(), typeName, gpu,
                deviceInt(d, CL.CL_DEVICE_MAX_COMPUTE_UNITS), deviceLong(d, CL.CL_DEVICE_GLOBAL_MEM_SIZE),
                deviceLong(d, CL.CL_DEVICE_LOCAL_MEM_SIZE), deviceLong(d, CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                deviceSize(d, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE), deviceString(d, CL.CL_DEVICE_OPENCL_C_VERSION).trim(),
                deviceString(d, CL.CL_DRIVER_VERSION).trim(), p, d);
    }

    static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, 8, Pointer.to(v), null);
        return v[0];
    }

    static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(d, param, 4, Pointer.to(v), null);
        return v[0];
    }

    /** A size_t parameter: 8 bytes on 64-bit hosts, read through a native-order buffer to be safe. */
    static long deviceSize(cl_device_id d, int param) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        CL.clGetDeviceInfo(d, param, 8, Pointer.to(b), null);
        return b.getLong(0);
    }

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
