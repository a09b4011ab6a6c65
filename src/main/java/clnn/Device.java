package clnn;

import java.util.Locale;

/**
 * Where a model computes: {@code cpu} (the plain-Java path), {@code gpu} (an OpenCL GPU, or an
 * error), {@code opencl[:N]} (any OpenCL device, by the index that {@code engine devices} lists),
 * or {@code auto} (a GPU if there is one, else the CPU path).
 */
public record Device(Kind kind, int index) {
    public enum Kind { CPU, GPU, OPENCL, AUTO }

    /** @throws DeviceException when the kind is null or the index is below -1 (-1: no index) */
    public Device {
        if (kind == null) throw new DeviceException("the device kind is null; use Device.cpu() or Device.parse(\"auto\")");
        if (index < -1) throw new DeviceException("device index " + index + " is negative; devices are numbered from 0 (see 'engine devices')");
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
