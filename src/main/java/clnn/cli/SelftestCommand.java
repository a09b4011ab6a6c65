package clnn.cli;

import clnn.Device;
import clnn.backend.Backend;
import clnn.backend.Backends;
import clnn.backend.check.LossTrace;
import clnn.backend.check.ParityCheck;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * engine selftest: checks a device against the plain-Java reference, op by op (each op's one case
 * list: gemm, softmax_xent, adam, dense_tail; see backend/check/Ops) and with a short training
 * trace on the bundled digits. For a new driver or GPU, before trusting its numbers.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare a device's ops and a short training run with the plain-Java reference. Exit code 0 "
                + "when everything agrees within the documented tolerances, 1 when something does not.")
final class SelftestCommand implements Callable<Integer> {
    @Option(names = "--device", defaultValue = "gpu", description = "the device to check (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--data", defaultValue = "data/digits-train.mat",
            description = "data for the training trace (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--epochs", defaultValue = "3", description = "epochs of the trace (default: ${DEFAULT-VALUE})")
    int epochs;

    @Override
    public Integer call() {
        PrintStream out = Io.out();
        OptionRanges.atLeast("--epochs", epochs, 1);
        Device d = Device.parse(device);
        // The device is opened once: every op's cases and the trace run on this one backend.
        try (Backend test = Backends.open(d, out::println); Backend reference = Backends.reference()) {
            out.println("selftest of " + test.description() + " against " + reference.description());
            List<ParityCheck.Family> families = new ArrayList<>(ParityCheck.run(reference, test));
            Dataset train = DatasetLoader.defaults().load(data).data();
            LossTrace trace = LossTrace.reference(train.features(), train.classes(), epochs);
            families.add(ParityCheck.trace(reference, test, trace, train));
            boolean ok = true;
            for (ParityCheck.Family f : families) {
                out.println("  " + f.line());
                ok &= f.ok();
            }
            out.println(ok ? "selftest passed" : "selftest FAILED: the device disagrees with the reference");
            return ok ? 0 : 1;
        }
    }
}
