package clnn.cli;

import clnn.Devices;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * engine tune: times the GEMM kernel's configurations on one OpenCL device and caches the fastest
 * per shape class (in $XDG_CACHE_HOME/clnn, else ~/.cache/clnn), where every later run on that
 * device and driver uses them. Untuned devices run the fixed kernel policy.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = "Time the GEMM kernel's configurations on an OpenCL device and cache the fastest per shape class "
                + "(in $XDG_CACHE_HOME/clnn or ~/.cache/clnn); later runs on that device and driver use them.")
final class TuneCommand implements Callable<Integer> {
    @Option(names = "--device", paramLabel = "N", defaultValue = "gpu",
            description = "the OpenCL device: N or opencl:N as 'java -jar engine.jar devices' numbers them, or gpu for the first GPU "
                    + "(else device 0) (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--budget", paramLabel = "SECONDS", defaultValue = "300",
            description = "start no new configuration after this many seconds (default: ${DEFAULT-VALUE})")
    long budget;

    @Override
    public Integer call() {
        PrintStream out = Io.out();
        OptionRanges.between("--budget", budget, 1, 86_400);
        Devices.tune(index(), budget, out::println);
        return 0;
    }

    /** -1 for "gpu", N for "N" or "opencl:N", and 0 for a bare "opencl" (device 0 of engine devices). */
    private int index() {
        String d = device.trim();
        if (d.equals("gpu")) return -1;
        if (d.equals("opencl")) return 0;
        String n = d.startsWith("opencl:") ? d.substring("opencl:".length()) : d;
        try {
            int i = Integer.parseInt(n);
            if (i >= 0) return i;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadOption("--device " + clnn.Text.printable(device, 40) + ": want N, opencl:N, opencl or gpu ('java -jar engine.jar devices' lists N)");
    }
}
