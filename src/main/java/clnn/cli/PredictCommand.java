package clnn.cli;

import clnn.Sequential;
import clnn.data.Dataset;
import clnn.data.image.ImageInput;
import clnn.ModelFiles;
import clnn.viz.DigitImage;
import clnn.viz.Figures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * engine predict: one row of a data file (--index, printed as the notebook prints X[1015]) or an
 * image of a handwritten digit (--image: the top 3 classes).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = "Predict with a saved model: one row of a data file (logits, softmax probabilities, argmax) "
                + "or a PNG/JPEG of one handwritten digit (top 3 classes).")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOption model = new ModelOption();

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    DeviceOption device = new DeviceOption();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--index", paramLabel = "N", description = "row of X to predict, 0-based like X[1015] in numpy")
        Integer index;

        @Option(names = "--image", paramLabel = "FILE", description = "a PNG or JPEG of one digit, dark on light or light on dark")
        Path image;

        @Option(names = "--out", paramLabel = "FILE.csv", description = "predict every row of --data into a CSV file: "
                + "index, label, predicted class, then the probability of each class (a new file; written atomically)")
        Path csv;
    }

    @Option(names = "--save-preprocessed", paramLabel = "FILE.png", description = "with --image: also write the "
            + "network's input as a PNG, each pixel 10x10 (a new file; written atomically)")
    Path preprocessed;

    @Override
    public Integer call() {
        PrintStream out = Io.out();
        if (input.index != null) OptionRanges.atLeast("--index", input.index, 0);
        if (input.csv != null) {
            // A new file only: predictions never replace a file that is there (an input, or an earlier run's output).
            Outputs.notAnInput(java.util.Map.of("--model", model.model, "--data", data.data), input.csv, "--out");
            if (java.nio.file.Files.exists(input.csv)) {
                throw new BadOption("--out " + input.csv + " exists; name a new file (predictions never overwrite one)");
            }
        }
        if (preprocessed != null) requireNewPreprocessed();
        Activity.set("reading --model " + Shown.of(model.model));
        ModelFiles.Loaded m = model.load();
        try (Sequential s = m.model()) {
            s.notices(out).device(device.parse());
            if (input.image != null) {
                int side = DigitImage.side(s.inputs(), "the model");
                Activity.set("reading --image " + Shown.of(input.image));
                float[] row = ImageInput.toRow(ImageInput.read(input.image), side, input.image.toString());
                float[] logits = s.predict(new float[][] {row})[0];
                float[] p = Sequential.softmax(logits);
                Integer[] order = new Integer[p.length];
                for (int i = 0; i < order.length; i++) order[i] = i;
                Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
                out.println(Shown.of(input.image) + ": " + side + "x" + side + " after cropping, scaling and centring");
                if (preprocessed != null) {
                    Activity.set("writing --save-preprocessed " + Shown.of(preprocessed));
                    Figures.writePng(DigitImage.render(row, 0, side, PREPROCESSED_SCALE), preprocessed);
                    out.println("wrote " + Shown.of(preprocessed) + ": the network's input, each pixel "
                            + PREPROCESSED_SCALE + "x" + PREPROCESSED_SCALE);
                }
                for (int r = 0; r < Math.min(3, p.length); r++) {
                    out.printf(Locale.ROOT, "  %d. class %d  probability %.4f%n", r + 1, order[r], p[order[r]]);
                }
                return 0;
            }
            Activity.set("reading --data " + Shown.of(data.data));
            Dataset set = model.matchingLoader(m, data).load(data.data).data();
            if (input.csv != null) return writeCsv(out, s, set);
            int index = input.index;
            if (index < 0 || index >= set.rows()) {
                throw new clnn.DataException(set.source() + ": --index " + index + " is outside 0.." + (set.rows() - 1));
            }
            float[][] row = {Arrays.copyOfRange(set.x(), index * set.features(), (index + 1) * set.features())};
            float[] logits = s.predict(row)[0];
            float[] p = Sequential.softmax(logits);
            int best = Sequential.argmax(logits);
            out.println("row " + index + " of " + Shown.of(set.source()) + ", label " + set.y()[index]);
            out.println("logits:        " + vector(logits, "%.4f"));
            out.println("probabilities: " + vector(p, "%.3e"));
            out.printf(Locale.ROOT, "largest prediction index: %d (probability %.4f, sum of probabilities %.3f)%n", best,
                    p[best], sum(p));
        }
        return 0;
    }

    /** Each input pixel of --save-preprocessed as a square of this side: 20x20 becomes 200x200. */
    static final int PREPROCESSED_SCALE = 10;

    /** --save-preprocessed: only with --image, a new file (like --out), never one of the inputs. */
    private void requireNewPreprocessed() {
        if (input.image == null) {
            throw new BadOption("--save-preprocessed goes with --image (it saves what the network saw of the image)");
        }
        Outputs.notAnInput(java.util.Map.of("--model", model.model, "--image", input.image), preprocessed,
                "--save-preprocessed");
        if (java.nio.file.Files.exists(preprocessed)) {
            throw new BadOption("--save-preprocessed " + preprocessed + " exists; name a new file (predict never "
                    + "overwrites one)");
        }
    }

    /**
     * predict --out: every row's prediction, one CSV line each: {@code index,label,predicted,p0,...,pK-1} (the
     * label as the model's class index, the probabilities as softmax of the logits, 6 significant digits).
     */
    private int writeCsv(PrintStream out, Sequential s, Dataset set) {
        Activity.set("predicting " + Shown.of(set.source()));
        float[] logits = s.predict(set);
        int k = s.outputs();
        Activity.set("writing " + Shown.of(input.csv));
        int[] counts = new int[k];
        try {
            clnn.data.AtomicFiles.write(input.csv, tmp -> {
                try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(tmp, java.nio.charset.StandardCharsets.UTF_8)) {
                    StringBuilder header = new StringBuilder("index,label,predicted");
                    for (int c = 0; c < k; c++) header.append(",p").append(c);
                    w.write(header.append('\n').toString());
                    float[] row = new float[k];
                    StringBuilder line = new StringBuilder();
                    for (int r = 0; r < set.rows(); r++) {
                        System.arraycopy(logits, r * k, row, 0, k);
                        float[] p = Sequential.softmax(row);
                        int best = Sequential.argmax(row);
                        counts[best]++;
                        line.setLength(0);
                        line.append(r).append(',').append(set.y()[r]).append(',').append(best);
                        for (float v : p) line.append(',').append(String.format(Locale.ROOT, "%.6g", v));
                        w.write(line.append('\n').toString());
                    }
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + input.csv + " (" + Failures.describe(e) + ")", e);
        }
        out.println("wrote " + Shown.of(input.csv) + ": " + clnn.Text.count(set.rows(), "prediction") + " of "
                + Shown.of(set.source()) + " (index, label, predicted, p0..p" + (k - 1) + ")");
        return 0;
    }

    private static String vector(float[] v, String fmt) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < v.length; i++) body.append(i > 0 ? " " : "").append(String.format(Locale.ROOT, fmt, v[i]));
        return "[" + body + "]";
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s;
    }
}
