package clnn.backend;

import clnn.Device;
import clnn.DeviceException;
import clnn.backend.cpu.FastCpuBackend;
import java.util.function.Consumer;

/** Opens the backend a {@link Device} names. The only place that maps a device to an implementation. */
public final class Backends {
    private Backends() {
    }

    /**
     * @param notice receives one line when the choice is not literally what was asked (auto picking
     *               the CPU path, say)
     */
    public static Backend open(Device device, Consumer<String> notice) {
        switch (device.kind()) {
            case CPU:
                return new FastCpuBackend();
            case AUTO:
                notice.accept("device auto: no OpenCL backend in this build; using the CPU path");
                return new FastCpuBackend();
            default:
                throw new DeviceException("device " + device + ": the OpenCL backend is not part of this build yet; "
                        + "use --device cpu");
        }
    }
}
