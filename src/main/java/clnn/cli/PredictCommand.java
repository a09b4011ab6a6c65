package clnn.cli;

import clnn.Sequential;
import clnn.data.Dataset;
import clnn.data.ModelFiles;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** engine predict --index N: the logits, softmax probabilities and argmax of one row, as the notebook shows them. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict one row of a data file with a saved model: logits, softmax probabilities, argmax.")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOption model = new ModelOption();

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--index", required = true, paramLabel = "N",
            description = "row of X to predict, 0-based like X[1015] in numpy")
    int index;

    @Override
    public Integer call() {
        PrintStream out = Io.out();
        ModelFiles.Loaded m = model.load();
        Dataset set = ModelOption.matchingLoader(m, data).load(data.data).data();
        if (index < 0 || index >= set.rows()) {
            throw new clnn.DataException(set.source() + ": --index " + index + " is outside 0.." + (set.rows() - 1));
        }
        try (Sequential s = m.model()) {
            float[][] row = {Arrays.copyOfRange(set.x(), index * set.features(), (index + 1) * set.features())};
            float[] logits = s.predict(row)[0];
            float[] p = Sequential.softmax(logits);
            int best = Sequential.argmax(logits);
            out.println("row " + index + " of " + set.source() + ", label " + set.y()[index]);
            out.println("logits:        " + vector(logits, "%.4f"));
            out.println("probabilities: " + vector(p, "%.3e"));
            out.printf(Locale.ROOT, "largest prediction index: %d (probability %.4f, sum of probabilities %.3f)%n", best,
                    p[best], sum(p));
        }
        return 0;
    }

    private static String vector(float[] v, String fmt) {
        String body = "";
        for (int i = 0; i < v.length; i++) body += (i > 0 ? " " : "") + String.format(Locale.ROOT, fmt, v[i]);
        return "[" + body + "]";
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s;
    }

}
