package clnn.cli;

import clnn.Activation;
import clnn.Adam;
import clnn.Dense;
import clnn.Device;
import clnn.Evaluation;
import clnn.FitOptions;
import clnn.Fusion;
import clnn.History;
import clnn.Input;
import clnn.Layer;
import clnn.Loss;
import clnn.Sequential;
import clnn.TrainingDivergedException;
import clnn.data.AtomicFiles;
import clnn.CheckpointFiles;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import clnn.data.LoadedData;
import clnn.ModelFiles;
import clnn.viz.Figures;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** engine train: the reference workload by default (bundled digits, 400-25-15-10, Adam, 40 epochs). */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = "Train a dense network (hidden layers relu, output linear logits) with sparse categorical "
                + "cross-entropy and Adam, then report training errors and test accuracy.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    LabelOptions labels = new LabelOptions();

    @Option(names = "--test", paramLabel = "FILE",
            description = "held-out data file (any --data format) to report accuracy on (default: " + DataOptions.BUNDLED_TEST
                    + " when --data is the bundled default)")
    Path test;

    @Option(names = "--test-x-var", paramLabel = "NAME", description = "features variable of --test (default: --x-var)")
    String testXVar;

    @Option(names = "--test-y-var", paramLabel = "NAME", description = "labels variable of --test (default: --y-var)")
    String testYVar;

    @Option(names = "--layers", paramLabel = "N,N", split = ",", defaultValue = "25,15",
            description = "hidden layer widths, relu (default: ${DEFAULT-VALUE}); the output layer has one unit per class")
    int[] hidden;

    @Option(names = "--epochs", defaultValue = "40", description = "default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--seed", defaultValue = "1", description = "seeds the initial weights, the shuffles and the "
            + "validation split (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--out", paramLabel = "DIR", description = "where model.mat, model.npz, history.csv and summary.txt go "
            + "(default: a new folder under runs/)")
    Path out;

    @Option(names = "--no-shuffle", description = "keep the file's row order in every epoch")
    boolean noShuffle;

    @Option(names = "--init-weights", paramLabel = "FILE.mat",
            description = "start from these weights (W1,b1,W2,b2,... in Keras shapes) instead of Glorot-uniform")
    Path initWeights;

    @Option(names = "--validation-split", paramLabel = "F", defaultValue = "0",
            description = "hold out this fraction for validation, chosen by a seeded shuffle (the data are sorted by class)")
    double validationSplit;

    @Option(names = "--early-stopping-patience", paramLabel = "N", defaultValue = "0",
            description = "stop when val_loss has not improved for N epochs, and keep the best epoch's weights "
                    + "(needs --validation-split; 0 = off)")
    int patience;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "write the full training state to DIR/checkpoint.mat every N epochs (atomically), for --resume")
    int checkpointEvery;

    @Option(names = "--overwrite",
            description = "allow --out to be a folder that already holds the model (or checkpoint) of an earlier run; "
                    + "its files are replaced one by one, each atomically")
    boolean overwrite;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue the run in DIR from its checkpoint.mat, with the options it was started with "
                    + "(only --device, --threads, --fusion, --verbose, --epochs and --lr may be given, to change them; any other option "
                    + "that differs is refused); bit-identical to an uninterrupted run on the CPU path")
    Path resume;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--fusion", paramLabel = "auto|off", defaultValue = "auto",
            description = "auto: run each training step as one fused call where the device has a fused form for the "
                    + "network (the 'trained' line says which path ran); off: every op on its own, for comparison "
                    + "(default: ${DEFAULT-VALUE})")
    String fusion;

    @Option(names = "--verbose", defaultValue = "1",
            description = "0 silent, 1 progress bar (one line per epoch when not a terminal), 2 one line per epoch")
    int verbose;

    /** The files a run writes into its folder, each checked against the inputs before anything is written. */
    static final List<String> OUTPUTS = List.of("model.mat", "model.npz", "history.csv", "summary.txt", CheckpointFiles.FILE,
            "loss.png", "predictions.png", "errors.png");

    @Override
    public Integer call() throws IOException {
        Profile.mark("parse the command line (picocli)");
        checkRanges();
        if (resume != null) return resumeRun();
        return run(null);
    }

    /** Every numeric option's range, before any file is read. */
    void checkRanges() {
        OptionRanges.atLeast("--epochs", epochs, 1);
        OptionRanges.atLeast("--batch", batch, 1);
        OptionRanges.positiveFinite("--lr", lr);
        OptionRanges.atLeast("--checkpoint-every", checkpointEvery, 0);
        OptionRanges.atLeast("--early-stopping-patience", patience, 0);
        OptionRanges.between("--verbose", verbose, 0, 2);
        OptionRanges.fraction("--validation-split", validationSplit);
        fusion();
        for (int w : hidden) OptionRanges.atLeast("--layers: a width", w, 1);
        labels.check();
        if (patience > 0 && validationSplit == 0) {
            throw new BadOption("--early-stopping-patience " + patience + " watches the validation loss: give "
                    + "--validation-split F too (e.g. 0.2)");
        }
    }

    /**
     * Starts compiling the CPU path's fused steps while the data is read (Devices.warmUpCpu), when the steps may be
     * fused and the device may be the CPU; {@code -Dclnn.warmup=off} leaves it to the first fused call (for A/B runs).
     * A device name that does not parse is reported later, where every option is checked.
     */
    private void startCpuWarmUp() {
        if (fusion() != Fusion.AUTO || "off".equals(System.getProperty("clnn.warmup"))) return;
        try {
            clnn.Devices.warmUpCpu(device.parse());
        } catch (clnn.ClnnException e) {
            // The same parse fails again when the device is opened, with the run's own message.
        }
    }

    /** --fusion as the API's value. */
    Fusion fusion() {
        return switch (fusion) {
            case "auto" -> Fusion.AUTO;
            case "off" -> Fusion.OFF;
            default -> throw new BadOption("--fusion " + clnn.Text.printable(fusion, 40) + " is not a choice; use auto or off");
        };
    }

    /** Rebuilds the run's options from its checkpoint, applies the few allowed changes, and continues it. */
    private int resumeRun() throws IOException {
        Activity.set("reading the checkpoint in " + resume);
        CheckpointFiles.Loaded cp = CheckpointFiles.load(resume);
        TrainCommand stored = ResumeOptions.merge(this, spec.commandLine().getParseResult(), cp, resume);
        stored.resume = resume;
        stored.out = resume;
        stored.console().println("resuming " + Shown.of(resume) + " after epoch " + cp.state().epochsDone() + " of " + stored.epochs);
        return stored.run(cp);
    }

    /** Where this run reports: nowhere with --verbose 0 (Keras's silent level: only errors, on stderr). */
    private PrintStream console() {
        return verbose == 0 ? new PrintStream(java.io.OutputStream.nullOutputStream()) : Io.out();
    }

    /** The options of this run as arguments (paths absolute), stored in checkpoints for --resume. */
    private List<String> asArgs(Path testFile) {
        List<String> a = new ArrayList<>(List.of("--data", data.data.toAbsolutePath().toString(), "--x-var", data.xVar,
                "--y-var", data.yVar, "--label-mapping", labels.labelMapping,
                "--layers", joined(hidden), "--epochs", String.valueOf(epochs), "--batch", String.valueOf(batch), "--lr",
                String.valueOf(lr), "--seed", String.valueOf(seed), "--device", device.name, "--validation-split",
                String.valueOf(validationSplit), "--early-stopping-patience", String.valueOf(patience), "--verbose",
                String.valueOf(verbose), "--checkpoint-every", String.valueOf(checkpointEvery)));
        if (labels.classes != null) a.addAll(List.of("--classes", String.valueOf(labels.classes)));
        if (testFile != null) a.addAll(List.of("--test", testFile.toAbsolutePath().toString()));
        if (testXVar != null) a.addAll(List.of("--test-x-var", testXVar));
        if (testYVar != null) a.addAll(List.of("--test-y-var", testYVar));
        if (initWeights != null) a.addAll(List.of("--init-weights", initWeights.toAbsolutePath().toString()));
        if (noShuffle) a.add("--no-shuffle");
        return a;
    }

    private static String joined(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? "," : "").append(v[i]);
        return sb.toString();
    }

    /**
     * Everything that can be checked is checked before the first step (data, test set, split,
     * initial weights, checkpoint, device, output folder), so a run never trains for an hour and then
     * fails on something it could have seen at the start.
     */
    private int run(CheckpointFiles.Loaded cp) throws IOException {
        PrintStream out = console();
        Path bundledTest = data.isBundledDefault() ? BundledData.resolve(Path.of(DataOptions.BUNDLED_TEST)) : null;
        Path testFile = test != null ? BundledData.resolve(test) : bundledTest != null && Files.exists(bundledTest) ? bundledTest : null;
        if (data.isBundledDefault() && !Files.exists(data.data)) {
            throw new clnn.DataException(DataOptions.BUNDLED_TRAIN + ": the bundled data set is neither in this folder nor "
                    + "in this jar (run target/engine.jar, or from the clnn folder); pass --data FILE");
        }
        if (BundledData.isCachedCopy(data.data)) {
            out.println(DataOptions.BUNDLED_TRAIN + " is not in this folder: using the copy inside engine.jar");
        }
        startCpuWarmUp();
        Activity.set("reading --data " + Shown.of(data.data));
        LoadedData loaded = labels.loader(data).load(data.data,
                Prefetch.take(data.data, data.xVar, data.yVar, data.labelColumn));
        Dataset train = loaded.data();
        Profile.mark("read --data (MAT)");
        out.println("data: " + Shown.of(train.source()) + ": " + train.rows() + " rows, " + train.features() + " features, "
                + train.classes() + " classes");
        out.println(Shown.of(loaded.mappingMessage()));
        Dataset testSet = null;
        if (testFile != null) {
            Activity.set("reading --test " + Shown.of(testFile));
            String tx = testXVar != null ? testXVar : data.xVar;
            String ty = testYVar != null ? testYVar : data.yVar;
            DatasetLoader l = DatasetLoader.matching(tx, ty, loaded.labels(), train.classes()).withLabelColumn(data.labelColumn);
            testSet = l.load(testFile, Prefetch.take(testFile, tx, ty, data.labelColumn)).data();
            if (testSet.features() != train.features()) {
                throw new clnn.DataException(testFile + ": the test set has " + testSet.features() + " features per row "
                        + "but the training data " + data.data + " have " + train.features() + "; give a --test file "
                        + "with the same columns");
            }
            out.println("test: " + Shown.of(testSet.source()) + ": " + clnn.Text.count(testSet.rows(), "row"));
            Profile.mark("read --test (MAT)");
        }
        checkSplit(train.rows());
        if (cp != null && !cp.dataFingerprint().equals(train.fingerprint())) {
            throw new clnn.DataException(train.source() + " is not the data the checkpoint in " + resume + " was trained "
                    + "on (fingerprint " + train.fingerprint() + ", checkpoint " + cp.dataFingerprint() + ")");
        }
        // Asked before touching any drawing class: a jlink'd server runtime may leave java.desktop out.
        boolean drawing = ModuleLayer.boot().findModule("java.desktop").isPresent();
        Activity.set("building the network (--layers " + joined(hidden) + ")");
        // After training, one worker thread beside this one draws figures (see train).
        try (Overlap overlap = Overlap.start(); Sequential model = build(train)) {
            if (cp != null && cp.state().params().length != model.paramCount()) {
                throw new clnn.ModelException(resume.resolve(CheckpointFiles.FILE) + " holds "
                        + cp.state().params().length + " parameters but --layers " + joined(hidden) + " on "
                        + train.features() + " features and " + train.classes() + " classes make "
                        + model.paramCount() + "; the checkpoint does not belong to these options (damaged?)");
            }
            model.notices(out);
            Activity.set("initialising the weights (--layers " + joined(hidden) + ")");
            model.initialize(seed);
            if (initWeights != null && cp == null) {
                Activity.set("reading --init-weights " + Shown.of(initWeights));
                ModelFiles.loadWeights(model, initWeights);
                out.println("initial weights: " + Shown.of(initWeights));
            }
            Profile.mark("build and initialise the network");
            Activity.set("opening the device");
            model.compile(Loss.sparseCategoricalCrossentropy(true), new Adam(lr), device.parse());
            out.println("device: " + model.deviceDescription());
            // The backend opens on first use: here, for its description (OpenCL discovery for auto).
            Profile.mark("open the device (--device " + device.name + ")");
            out.print(model.summary(clnn.Text.canPrint(out, "\u250f\u2501\u2503\u2502")));
            printShapes(out, model);
            try (RunFolder folder = folder(testFile, cp != null)) {
                Profile.mark("print the summary, lock the output folder");
                try {
                    return train(folder.dir(), model, loaded, testSet, testFile, cp, overlap, drawing);
                } finally {
                    // Nothing of this run is still being written when its folder is unlocked.
                    overlap.settle();
                }
            }
        }
    }

    /** The split must leave rows on both sides: found now, not after the model is built and the device opened. */
    private void checkSplit(int rows) {
        if (validationSplit == 0) return;
        long held = Math.round(rows * validationSplit);
        if (held < 1 || held >= rows) {
            throw new BadOption("--validation-split " + validationSplit + " of " + rows + " rows leaves " + held
                    + " for validation and " + (rows - held) + " for training; both need at least one row: choose "
                    + "another fraction or give more data");
        }
    }

    /** The run's folder, locked; for a new run, refused if it holds an earlier run's results or an input. */
    private RunFolder folder(Path testFile, boolean resuming) {
        Activity.set("preparing the output folder");
        RunFolder folder = resuming ? RunFolder.open(resume, "--resume")
                : out != null ? RunFolder.open(out, "--out") : RunFolder.createDefault(Path.of("runs"));
        try {
            Path dir = folder.dir();
            if (!resuming && !overwrite) {
                for (String earlier : List.of("model.mat", CheckpointFiles.FILE)) {
                    if (Files.exists(dir.resolve(earlier))) {
                        throw new BadOption("--out " + dir + " already holds " + earlier + " of an earlier run; give "
                                + "--overwrite to replace its files, " + (earlier.equals("model.mat") ? ""
                                : "--resume " + dir + " to continue it, ") + "or choose another --out");
                    }
                }
            }
            Map<String, Path> inputs = new LinkedHashMap<>();
            inputs.put("--data", data.data);
            inputs.put("--test", testFile);
            inputs.put("--init-weights", initWeights);
            for (String name : OUTPUTS) Outputs.notAnInput(inputs, dir.resolve(name), "--out");
            return folder;
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    private int train(Path dir, Sequential model, LoadedData loaded, Dataset testSet, Path testFile,
                      CheckpointFiles.Loaded cp, Overlap overlap, boolean drawing) throws IOException {
        PrintStream out = console();
        Dataset train = loaded.data();
        Path checkpoint = dir.resolve(CheckpointFiles.FILE);
        List<String> args = asArgs(testFile);
        String fingerprint = train.fingerprint();
        int[] lastCheckpoint = {cp == null ? 0 : cp.state().epochsDone()};
        FitOptions options = new FitOptions().epochs(epochs).batchSize(batch).seed(seed).shuffle(!noShuffle).fusion(fusion())
                .verbose(verbose).validationSplit(validationSplit).earlyStoppingPatience(patience).output(out)
                .checkpoint(checkpointEvery, state -> {
                    Activity.set("writing " + checkpoint);
                    CheckpointFiles.save(checkpoint, state, args, fingerprint);
                    lastCheckpoint[0] = state.epochsDone();
                    Activity.set("training");
                });
        if (cp != null) options.resumeFrom(cp.state());
        int side = (int) Math.round(Math.sqrt(train.features()));
        boolean digits = side * side == train.features();
        // The results are written by two threads: the worker draws loss.png (XChart, the longest) as
        // soon as training ends, then errors.png once the predictions are known; this thread evaluates,
        // writes model.mat, history.csv and summary.txt and draws predictions.png. (Loading the drawing
        // code on the worker while the model trained cost the training loop about as much as it saved
        // afterwards on a 2-vCPU machine: docs/PERF.md.)
        History history;
        Activity.set("training");
        try {
            history = model.fit(train, options);
        } catch (TrainingDivergedException e) {
            throw new clnn.ClnnException(e.getMessage() + (Files.exists(checkpoint) ? "; the last good checkpoint is "
                    + checkpoint + " (epoch " + lastCheckpoint[0] + ")" : "; nothing was saved"), e);
        }
        Profile.mark("training loop (model.fit)");
        if (history.restoredEpoch() > 0) {
            out.printf(Locale.ROOT, "early stopping: %s; kept the weights of epoch %d (val_loss %.4f)%n",
                    history.stoppedEarly() ? "stopped after epoch " + history.size() + ", val_loss had not improved for "
                            + clnn.Text.count(patience, "epoch") : "ran all " + clnn.Text.count(history.size(), "epoch"),
                    history.restoredEpoch(), history.epochs().get(history.restoredEpoch() - 1).valLoss());
        }
        double seconds = history.trainingSeconds();
        int steps = history.last().steps() * history.size();
        out.printf(Locale.ROOT, "trained %s in %.2f s (%.0f us/step, %s; %s)%n", clnn.Text.count(history.size(), "epoch"),
                seconds, seconds * 1e6 / steps, clnn.Text.count(steps, "step"), history.stepPath());
        if (checkpointEvery > 0) out.println("checkpoint: " + Shown.of(checkpoint) + " (epoch " + lastCheckpoint[0] + ")");
        // Ranks: the order of the sequential version (model.mat, history.csv, summary.txt, loss.png,
        // predictions.png, errors.png), which decides the failure reported when several fail.
        if (drawing) {
            overlap.submit(4, "loss.png", () -> Figures.writePng(Figures.loss(history), dir.resolve("loss.png")));
        }
        Activity.set("evaluating the model");
        int[][] predicted = {null};
        if (drawing && digits) {
            // A failure here is the digit figures' (rank 5): model.mat and the rest are still written.
            overlap.here(5, "classify the training set (for the figures)", () -> predicted[0] = model.classify(train));
            if (predicted[0] != null) {
                overlap.submit(6, "errors.png",
                        () -> Figures.writePng(Figures.errors(train, predicted[0]), dir.resolve("errors.png")));
            }
        }
        Evaluation onTrain = model.evaluate(train);
        out.println(clnn.Text.count(onTrain.errors(), "error") + " out of " + clnn.Text.count(onTrain.rows(), "image"));
        Profile.mark("evaluate the training set");
        Evaluation onTest = testSet == null ? null : model.evaluate(testSet);
        if (onTest != null) {
            out.printf(Locale.ROOT, "test accuracy: %.4f (%s out of %s, loss %.4f)%n", onTest.accuracy(),
                    clnn.Text.count(onTest.errors(), "error"), clnn.Text.count(onTest.rows(), "image"), onTest.loss());
            Profile.mark("evaluate the test set");
        }
        Activity.set("writing the results to " + dir);
        overlap.here(1, "write model.mat", () -> ModelFiles.save(model, dir.resolve("model.mat"), loaded.labels()));
        overlap.here(1, "write model.npz", () -> ModelFiles.save(model, dir.resolve("model.npz"), loaded.labels()));
        overlap.here(2, "write history.csv", () -> writeText(dir.resolve("history.csv"), history.toCsv()));
        overlap.here(3, "write summary.txt", () -> writeText(dir.resolve("summary.txt"),
                summary(loaded, model, history, onTrain, onTest)));
        if (predicted[0] != null) {
            overlap.here(5, "predictions.png", () -> Figures.writePng(Figures.predictions(train, predicted[0], seed),
                    dir.resolve("predictions.png")));
        }
        overlap.await();
        Profile.mark("wait for the worker's figures");
        String figures = !drawing ? "no figures (this Java runtime has no java.desktop module for drawing)"
                : !digits ? "loss.png (rows are not square images: no digit figures)" : "loss.png, predictions.png, errors.png";
        out.println("saved: " + Shown.of(dir.resolve("model.mat")) + ", model.npz, history.csv, summary.txt, " + figures);
        return 0;
    }

    private Sequential build(Dataset train) {
        Layer[] stack = new Layer[hidden.length + 2];
        stack[0] = new Input(train.features());
        for (int i = 0; i < hidden.length; i++) {
            stack[i + 1] = new Dense(hidden[i], Activation.RELU);
        }
        stack[hidden.length + 1] = new Dense(train.classes(), Activation.LINEAR);
        return new Sequential(stack);
    }

    /** The notebook prints each layer's weight shapes after building the model. */
    private static void printShapes(PrintStream out, Sequential model) {
        for (int l = 1; l <= model.layerCount(); l++) {
            // W1/b1 name the first layer, as in the saved file; its index is 0.
            int in = l == 1 ? model.inputs() : model.layer(l - 2).units();
            int units = model.layer(l - 1).units();
            out.println("W" + l + " shape = (" + in + ", " + units + "), b" + l + " shape = (" + units + ",)");
        }
    }

    /** summary.txt: what ran on what, and how well it did. */
    private String summary(LoadedData loaded, Sequential model, History history, Evaluation onTrain, Evaluation onTest) {
        StringBuilder s = new StringBuilder();
        s.append("data: ").append(loaded.data().source()).append('\n').append(loaded.mappingMessage()).append('\n');
        s.append("device: ").append(model.deviceDescription()).append('\n');
        s.append(String.format(Locale.ROOT, "epochs %d, batch %d, lr %s, seed %d, shuffle %s%n", epochs, batch, lr, seed,
                !noShuffle));
        s.append(model.summary());
        s.append(String.format(Locale.ROOT, "first epoch loss %.4f, last epoch loss %.4f%n", history.epochs().get(0).loss(),
                history.last().loss()));
        s.append(String.format(Locale.ROOT, "training errors %d of %d%n", onTrain.errors(), onTrain.rows()));
        if (onTest != null) {
            s.append(String.format(Locale.ROOT, "test accuracy %.4f (%d of %d)%n", onTest.accuracy(),
                    onTest.rows() - onTest.errors(), onTest.rows()));
        }
        return s.toString();
    }

    /** AtomicFiles' IOException ("No space left on device") does not say which file; this line does. */
    private static void writeText(Path file, String text) {
        try {
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " (" + Failures.describe(e) + ")", e);
        }
    }
}
