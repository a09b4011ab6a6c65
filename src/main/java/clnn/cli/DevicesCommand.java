package clnn.cli;

import clnn.Devices;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** engine devices: every OpenCL platform and device, numbered as --device opencl:N takes them. */
@Command(name = "devices", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "List OpenCL devices (index for --device opencl:N, type, compute units, memory, work-group limit, "
                + "OpenCL C version). The CPU path (--device cpu) is always available.")
final class DevicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        PrintStream out = Io.out();
        List<String> devices = Devices.openCl();
        out.println(devices.size() + " OpenCL device" + (devices.size() == 1 ? "" : "s") + ":");
        for (String d : devices) out.println("  " + d);
        out.println("--device gpu picks the first GPU; --device opencl:N picks device N; --device cpu needs no OpenCL.");
        return 0;
    }
}
