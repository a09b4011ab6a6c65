package clnn.cli;

import clnn.Device;
import picocli.CommandLine.Option;

/** --device, the same option with the same default on every command that computes. */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "cpu, gpu, opencl[:N] or auto (a GPU when there is one, else the CPU path) "
                    + "(default: ${DEFAULT-VALUE})")
    String name;

    Device parse() {
        return Device.parse(name);
    }
}
