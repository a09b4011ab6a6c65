package clnn;

import clnn.backend.opencl.ClDevice;
import clnn.backend.opencl.OpenCl;
import java.util.List;

/**
 * The devices this machine offers, for callers above the API (the command line) that must not reach
 * into the backends: the OpenCL devices as {@code --device opencl:N} numbers them.
 */
public final class Devices {
    private Devices() {
    }

    /**
     * One line per OpenCL device ("[0] NAME (CPU, Portable Computing Language) 8 compute units, ..."),
     * numbered as {@code Device.parse("opencl:N")} takes them.
     *
     * @throws DeviceException when OpenCL is not available, saying which part is missing
     */
    public static List<String> openCl() {
        return OpenCl.devices().stream().map(ClDevice::describe).toList();
    }
}
