package clnn.backend.opencl;

import clnn.DeviceException;
import org.jocl.CL;
import org.jocl.CLException;

/** Turns OpenCL status codes into one-line causes with what to do about them. */
final class ClErrors {
    private ClErrors() {
    }

    static final int CL_PLATFORM_NOT_FOUND_KHR = -1001;

    static String name(int status) {
        if (status == CL_PLATFORM_NOT_FOUND_KHR) return "CL_PLATFORM_NOT_FOUND_KHR";
        return CL.stringFor_errorCode(status);
    }

    /** A failed call: what was being done, on which device, the status and its likely cause. */
    static DeviceException wrap(String what, ClDevice device, CLException e) {
        int status = e.getStatus();
        String where = device == null ? "" : " on " + device.shortName();
        String cause = switch (status) {
            case CL.CL_OUT_OF_RESOURCES -> "the device ran out of resources; the context is no longer usable. Likely "
                    + "causes: a kernel read or wrote outside a buffer, the GPU was reset or is shared and out of memory, "
                    + "or a watchdog stopped a long kernel; rerun, or use --device cpu";
            case CL.CL_MEM_OBJECT_ALLOCATION_FAILURE, CL.CL_OUT_OF_HOST_MEMORY -> "the device or the host has no memory "
                    + "left for this; use a smaller batch or data set, or free the device";
            case CL.CL_INVALID_BUFFER_SIZE -> "the buffer is larger than the device allows in one allocation";
            case CL.CL_DEVICE_NOT_AVAILABLE -> "the device is busy or switched off; check it with 'java -jar engine.jar devices'";
            default -> "an OpenCL error; run 'java -jar engine.jar devices' and check the driver";
        };
        return new DeviceException(what + where + " failed with " + name(status) + ": " + cause, e);
    }
}
