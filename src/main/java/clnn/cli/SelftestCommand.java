package clnn.cli;

import clnn.Devices;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * engine selftest: checks a device against the plain-Java reference, op by op (each op's one case
 * list: gemm, softmax_cross_entropy, adam, dense_tail; see check/Ops) and with a short training
 * trace on the bundled digits. For a new driver or GPU, before trusting its numbers.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = "Compare a device's ops and a short training run with the plain-Java reference. Exit code 0 "
                + "when everything agrees within the documented tolerances, 1 when something does not.")
final class SelftestCommand implements Callable<Integer> {
    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--data", defaultValue = "data/digits-train.mat",
            description = "data for the training trace (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--epochs", defaultValue = "3", description = "epochs of the trace (default: ${DEFAULT-VALUE})")
    int epochs;

    @Override
    public Integer call() {
        PrintStream out = Io.out();
        OptionRanges.atLeast("--epochs", epochs, 1);
        Dataset train = DatasetLoader.defaults().load(data).data();
        boolean ok = Devices.selftest(device.parse(), train, epochs, out::println);
        out.println(ok ? "selftest passed" : "selftest FAILED: the device disagrees with the reference");
        return ok ? 0 : 1;
    }
}
