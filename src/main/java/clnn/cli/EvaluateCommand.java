package clnn.cli;

import clnn.ClassificationReport;
import clnn.Device;
import clnn.Evaluation;
import clnn.Sequential;
import clnn.data.Dataset;
import clnn.ModelFiles;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** engine evaluate: loss, accuracy and errors of a saved model on a labelled MAT file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = "Evaluate a saved model on labelled data: loss, accuracy, errors, confusion matrix, precision "
                + "and recall per class.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOption model = new ModelOption();

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    DeviceOption device = new DeviceOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream out = Io.out();
        // Evaluating on the training file by default would report a flattering number without saying so.
        if (!spec.commandLine().getParseResult().hasMatchedOption("--data")) {
            throw new BadOption("evaluate needs --data FILE: the data to evaluate the model on (e.g. --data "
                    + DataOptions.BUNDLED_TEST + ")");
        }
        Activity.set("reading --model " + Shown.of(model.model));
        ModelFiles.Loaded m = model.load();
        Activity.set("reading --data " + Shown.of(data.data));
        Dataset set = model.matchingLoader(m, data).load(data.data).data();
        Activity.set("evaluating the model");
        try (Sequential s = m.model()) {
            s.notices(out);
            s.device(device.parse());
            ClassificationReport r = s.report(set);
            Evaluation e = r.overall();
            out.printf(Locale.ROOT, "%s: loss %.4f, accuracy %.4f, %s out of %s%n", Shown.of(set.source()), e.loss(),
                    e.accuracy(), clnn.Text.count(e.errors(), "error"), clnn.Text.count(e.rows(), "image"));
            out.print(r.render().substring(r.render().indexOf('\n') + 1));
        }
        return 0;
    }
}
