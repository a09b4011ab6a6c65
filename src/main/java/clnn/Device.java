package clnn;

import java.util.Locale;

/**
 * Where a model computes: {@code cpu} (the plain-Java path), {@code gpu} (an OpenCL GPU, or an
 * error), {@code opencl[:N]} (any OpenCL device, by the index that {@code engine devices} lists),
 * or {@code auto} (a GPU if there is one, else the CPU path).
 *
 * <p>{@code threads} is how many threads the CPU path may use for a large product (0, the default:
 * every available processor); OpenCL devices ignore it. Any count gives the same results bit for bit.
 */
public record Device(Kind kind, int index, int threads) {
    public enum Kind { CPU, GPU, OPENCL, AUTO }

    /**
     * @throws DeviceException when the kind is null, the index is below -1 (-1: no index) or the
     *                         thread count is negative (0: the default)
     */
    public Device {
        if (kind == null) throw new DeviceException("the device kind is null; use Device.cpu() or Device.parse(\"auto\")");
        if (index < -1) throw new DeviceException("device index " + index + " is negative; devices are numbered from 0 (see 'engine devices')");
        if (threads < 0) throw new DeviceException("--threads " + threads + " is negative; use 1 or more (0 or unset: every available processor)");
    }

    /** A device with the default thread count (every available processor). */
    public Device(Kind kind, int index) {
        this(kind, index, 0);
    }

    /** The same device, its CPU path on {@code threads} threads (0: every available processor). */
    public Device withThreads(int threads) {
        return new Device(kind, index, threads);
    }

    public static Device cpu() {
        return new Device(Kind.CPU, -1);
    }

    /** @throws DeviceException when {@code spec} is null or names no device */
    public static Device parse(String spec) {
        if (spec == null) throw new DeviceException("the device is null; use cpu, gpu, opencl, opencl:N or auto");
        String s = spec.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "cpu":
                return cpu();
            case "gpu":
                return new Device(Kind.GPU, -1);
            case "auto":
                return new Device(Kind.AUTO, -1);
            case "opencl":
                return new Device(Kind.OPENCL, -1);
            default:
                if (s.startsWith("opencl:")) {
                    try {
                        int i = Integer.parseInt(s.substring("opencl:".length()));
                        if (i >= 0) return new Device(Kind.OPENCL, i);
                    } catch (NumberFormatException ignored) {
                        // falls through to the error below
                    }
                }
                throw new DeviceException("unknown device '" + clnn.Text.printable(spec) + "'; use cpu, gpu, opencl, opencl:N (see "
                        + "'engine devices') or auto");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.OPENCL && index >= 0 ? "opencl:" + index : kind.name().toLowerCase(Locale.ROOT);
    }
}
