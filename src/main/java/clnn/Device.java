package clnn;

import java.util.Locale;

/**
 * Where a model computes: {@code cpu} (the plain-Java path), {@code gpu} (an OpenCL GPU, or an
 * error), {@code opencl[:N]} (any OpenCL device, by the index that {@code engine devices} lists),
 * or {@code auto} (a GPU if there is one, else the CPU path).
 *
 * <p>{@code threads} is how many threads the CPU path may use for a large product (0, the default:
 * every available processor); OpenCL devices ignore it. Any count gives the same results bit for bit.
 *
 * @param kind    which sort of device
 * @param index   the OpenCL device's number as {@code engine devices} lists it, or -1 for none (the first fitting one)
 * @param threads threads for the CPU path's large products; 0 for every available processor
 */
public record Device(Kind kind, int index, int threads) {
    /** The sorts of device, as {@link #parse} spells them in lower case. */
    public enum Kind {
        /** The plain-Java path on this machine's processors. */
        CPU,
        /** An OpenCL GPU; an error when there is none. */
        GPU,
        /** Any OpenCL device, by index (or the first one). */
        OPENCL,
        /** A GPU if there is one, else the CPU path. */
        AUTO
    }

    /**
     * Checks the device's spec.
     *
     * @param kind    which sort of device, not null
     * @param index   the OpenCL device's number, or -1 for none
     * @param threads threads for the CPU path, or 0 for every available processor
     * @throws DeviceException when the kind is null, the index is below -1 (-1: no index) or the
     *                         thread count is negative (0: the default)
     */
    public Device {
        if (kind == null) throw new DeviceException("the device kind is null; use Device.cpu() or Device.parse(\"auto\")");
        if (index < -1) throw new DeviceException("device index " + index + " is negative; devices are numbered from 0 (see 'java -jar engine.jar devices')");
        if (threads < 0) throw new DeviceException("--threads " + threads + " is negative; use 1 or more (0 or unset: every available processor)");
    }

    /**
     * A device with the default thread count (every available processor).
     *
     * @param kind  which sort of device, not null
     * @param index the OpenCL device's number, or -1 for none
     * @throws DeviceException when the kind is null or the index is below -1
     */
    public Device(Kind kind, int index) {
        this(kind, index, 0);
    }

    /**
     * The same device, its CPU path on a given number of threads.
     *
     * @param threads threads for the CPU path, or 0 for every available processor
     * @return a new device; this one is unchanged
     * @throws DeviceException when {@code threads} is negative
     */
    public Device withThreads(int threads) {
        return new Device(kind, index, threads);
    }

    /**
     * The plain-Java CPU path on every available processor (PyTorch's {@code torch.device("cpu")}).
     *
     * @return the CPU device
     */
    public static Device cpu() {
        return new Device(Kind.CPU, -1);
    }

    /**
     * The device a command-line {@code --device} value names, ignoring case and surrounding blanks.
     *
     * @param spec "cpu", "gpu", "opencl", "opencl:N" (N from 0) or "auto"
     * @return the device, with the default thread count
     * @throws DeviceException when {@code spec} is null or names no device
     */
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
                        + "'java -jar engine.jar devices') or auto");
        }
    }

    /**
     * The device as {@link #parse} takes it back.
     *
     * @return "cpu", "gpu", "opencl", "opencl:N" or "auto"
     */
    @Override
    public String toString() {
        return kind == Kind.OPENCL && index >= 0 ? "opencl:" + index : kind.name().toLowerCase(Locale.ROOT);
    }
}
