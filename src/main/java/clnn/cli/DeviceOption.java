package clnn.cli;

import clnn.Device;
import clnn.DeviceException;
import picocli.CommandLine.Option;

/** --device, the same option with the same default on every command that computes. */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "cpu, gpu, opencl[:N] or auto (a GPU when there is one, else the CPU path) "
                    + "(default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "threads for the CPU path's large matrix products; the results are the same bit for bit "
                    + "for any N (default: every available processor)")
    int threads;

    Device parse() {
        if (threads < 0) throw new DeviceException("--threads " + threads + " is negative; use 1 or more (default: every "
                + "available processor)");
        return Device.parse(name).withThreads(threads);
    }
}
