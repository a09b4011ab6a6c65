package clnn.backend;

import clnn.Device;
import clnn.DeviceException;
import clnn.backend.cpu.CpuBackend;
import clnn.backend.cpu.CpuTwins;
import clnn.backend.opencl.ClDevice;
import clnn.backend.opencl.OpenCl;
import clnn.backend.opencl.OpenClBackend;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Opens the backend a {@link Device} names. The only place that maps a device to an implementation;
 * which CPU backend {@code cpu} (and {@code auto} without a GPU) means is decided by {@link CpuTwins}.
 */
public final class Backends {
    private Backends() {
    }

    /**
     * Opens the backend {@code device} names, falling back to the CPU path only for {@code auto}.
     *
     * @param device what the user asked for ({@code --device})
     * @param notice receives one line when the choice is not literally what was asked (auto picking
     *               the CPU path, opencl picking a device)
     * @return an open backend, owned by the caller (close it)
     * @throws DeviceException when the named device does not exist or cannot start, with the fix in its message
     */
    public static Backend open(Device device, Consumer<String> notice) {
        switch (device.kind()) {
            case CPU:
                return CpuTwins.open(notice, device.threads());
            case GPU:
                return OpenClBackend.open(firstGpu(OpenCl.devices()), notice);
            case OPENCL: {
                List<ClDevice> all = OpenCl.devices();
                if (all.isEmpty()) throw new DeviceException("no OpenCL device found; install a driver (ICD), "
                        + "or use --device cpu");
                if (device.index() >= 0) {
                    if (device.index() >= all.size()) {
                        throw new DeviceException("no OpenCL device " + device.index() + "; found " + list(all)
                                + "; pick one of them with --device opencl:N");
                    }
                    return OpenClBackend.open(all.get(device.index()), notice);
                }
                ClDevice pick = all.stream().filter(ClDevice::gpu).findFirst().orElse(all.get(0));
                if (all.size() > 1) notice.accept("device opencl: using " + pick.shortName() + " (of " + all.size() + ")");
                return OpenClBackend.open(pick, notice);
            }
            case AUTO: {
                List<ClDevice> all;
                try {
                    all = OpenCl.devices();
                } catch (DeviceException e) {
                    notice.accept("device auto: no OpenCL (" + e.getMessage() + "); using the CPU path");
                    return CpuTwins.open(notice, device.threads());
                }
                ClDevice gpu = all.stream().filter(ClDevice::gpu).findFirst().orElse(null);
                if (gpu == null) {
                    notice.accept("device auto: no OpenCL GPU (found " + (all.isEmpty() ? "no devices" : list(all))
                            + "); using the CPU path");
                    return CpuTwins.open(notice, device.threads());
                }
                try {
                    Backend b = OpenClBackend.open(gpu, notice);
                    notice.accept("device auto: using " + gpu.shortName());
                    return b;
                } catch (DeviceException e) {
                    // Before training starts only: a GPU that cannot even start its backend is not used.
                    notice.accept("device auto: " + gpu.shortName() + " could not be used (" + e.getMessage()
                            + "); using the CPU path");
                    return CpuTwins.open(notice, device.threads());
                }
            }
            default:
                throw new IllegalStateException(device.toString());
        }
    }

    /**
     * The CPU path as {@link CpuTwins} chooses it (the Vector API twin with
     * {@code --add-modules jdk.incubator.vector}, else the auto-vectorised twin; {@code -Dclnn.cpu}
     * overrides), with any notice dropped.
     *
     * @return an open CPU backend, owned by the caller
     */
    public static Backend cpu() {
        return CpuTwins.open(notice -> { });
    }

    /**
     * Whether this JVM has the Vector API module; see {@link CpuTwins#vectorModulePresent}.
     *
     * @return true when {@code jdk.incubator.vector} is in the boot layer
     */
    public static boolean vectorApiAvailable() {
        return CpuTwins.vectorModulePresent();
    }

    /**
     * The reference backend: slow plain loops, the specification the others are tested against.
     *
     * @return a new {@link CpuBackend}, owned by the caller
     */
    public static Backend reference() {
        return new CpuBackend();
    }

    private static ClDevice firstGpu(List<ClDevice> all) {
        return all.stream().filter(ClDevice::gpu).findFirst().orElseThrow(() -> new DeviceException(
                "no OpenCL GPU found (" + (all.isEmpty() ? "no OpenCL devices" : "found " + list(all)) + "); "
                        + (all.isEmpty() ? "install your GPU's OpenCL driver" : "use --device opencl:N for one of them")
                        + ", or --device cpu"));
    }

    private static String list(List<ClDevice> all) {
        return all.stream().map(ClDevice::shortName).collect(Collectors.joining(", "));
    }
}
