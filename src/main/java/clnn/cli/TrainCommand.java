package clnn.cli;

import clnn.Activation;
import clnn.Adam;
import clnn.Dense;
import clnn.Device;
import clnn.Evaluation;
import clnn.FitOptions;
import clnn.History;
import clnn.Input;
import clnn.Layer;
import clnn.Loss;
import clnn.ModelException;
import clnn.Sequential;
import clnn.TrainingDivergedException;
import clnn.data.AtomicFiles;
import clnn.data.CheckpointFiles;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import clnn.data.LoadedData;
import clnn.data.ModelFiles;
import clnn.viz.Figures;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** engine train: the reference workload by default (bundled digits, 400-25-15-10, Adam, 40 epochs). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a dense network (hidden layers relu, output linear logits) with sparse categorical "
                + "cross-entropy and Adam, then report training errors and test accuracy.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--test", paramLabel = "FILE",
            description = "held-out MAT file to report accuracy on (default: " + DataOptions.BUNDLED_TEST
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

    @Option(names = "--device", defaultValue = "auto",
            description = "cpu, gpu, opencl[:N] or auto (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--out", paramLabel = "DIR", description = "where model.mat, history.csv and summary.txt go "
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

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue the run in DIR from its checkpoint.mat, with the options it was started with "
                    + "(--device, --verbose, --epochs and --lr may be changed); bit-identical to an uninterrupted run on the CPU path")
    Path resume;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", defaultValue = "1",
            description = "0 silent, 1 progress bar (one line per epoch when not a terminal), 2 one line per epoch")
    int verbose;

    @Override
    public Integer call() throws IOException {
        if (resume != null) return resumeRun();
        return run(null);
    }

    /** Rebuilds the run's options from its checkpoint, applies the few allowed changes, and continues it. */
    private int resumeRun() throws IOException {
        CheckpointFiles.Loaded cp = CheckpointFiles.load(resume);
        TrainCommand stored = new TrainCommand();
        new picocli.CommandLine(stored).parseArgs(cp.args().toArray(new String[0]));
        var given = spec.commandLine().getParseResult();
        if (given.hasMatchedOption("--device")) stored.device = device;
        if (given.hasMatchedOption("--verbose")) stored.verbose = verbose;
        if (given.hasMatchedOption("--epochs")) stored.epochs = epochs;
        if (given.hasMatchedOption("--lr")) stored.lr = lr;
        stored.out = resume;
        Io.out().println("resuming " + resume + " after epoch " + cp.state().epochsDone() + " of " + stored.epochs);
        return stored.run(cp);
    }

    /** The options of this run as arguments (paths absolute), stored in checkpoints for --resume. */
    private List<String> asArgs(Path testFile) {
        List<String> a = new ArrayList<>(List.of("--data", data.data.toAbsolutePath().toString(), "--x-var", data.xVar,
                "--y-var", data.yVar, "--label-mapping", data.labelMapping, "--classes", String.valueOf(data.classes),
                "--layers", joined(hidden), "--epochs", String.valueOf(epochs), "--batch", String.valueOf(batch), "--lr",
                String.valueOf(lr), "--seed", String.valueOf(seed), "--device", device, "--validation-split",
                String.valueOf(validationSplit), "--early-stopping-patience", String.valueOf(patience), "--verbose",
                String.valueOf(verbose), "--checkpoint-every", String.valueOf(checkpointEvery)));
        if (testFile != null) a.addAll(List.of("--test", testFile.toAbsolutePath().toString()));
        if (testXVar != null) a.addAll(List.of("--test-x-var", testXVar));
        if (testYVar != null) a.addAll(List.of("--test-y-var", testYVar));
        if (noShuffle) a.add("--no-shuffle");
        return a;
    }

    private static String joined(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? "," : "").append(v[i]);
        return sb.toString();
    }

    private int run(CheckpointFiles.Loaded cp) throws IOException {
        PrintStream out = Io.out();
        Path testFile = test != null ? test
                : data.isBundledDefault() && Files.exists(Path.of(DataOptions.BUNDLED_TEST)) ? Path.of(DataOptions.BUNDLED_TEST)
                : null;
        if (data.isBundledDefault() && !Files.exists(data.data)) {
            throw new clnn.DataException(data.data + ": the bundled data set is not here; run from the clnn folder "
                    + "or pass --data FILE");
        }
        LoadedData loaded = data.load();
        Dataset train = loaded.data();
        out.println("data: " + train.source() + ": " + train.rows() + " rows, " + train.features() + " features, "
                + train.classes() + " classes");
        out.println(loaded.mappingMessage());
        Dataset testSet = null;
        if (testFile != null) {
            DatasetLoader l = DatasetLoader.matching(testXVar != null ? testXVar : data.xVar,
                    testYVar != null ? testYVar : data.yVar, loaded.mappedLabel(), train.classes());
            testSet = l.load(testFile).data();
            out.println("test: " + testSet.source() + ": " + testSet.rows() + " rows");
        }
        if (cp != null && !cp.dataFingerprint().equals(train.fingerprint())) {
            throw new clnn.DataException(train.source() + " is not the data the checkpoint in " + resume + " was trained "
                    + "on (fingerprint " + train.fingerprint() + ", checkpoint " + cp.dataFingerprint() + ")");
        }
        try (Sequential model = build(train)) {
            model.notices(out);
            model.initialize(seed);
            if (initWeights != null && cp == null) {
                ModelFiles.loadWeights(model, initWeights);
                out.println("initial weights: " + initWeights);
            }
            model.compile(Loss.sparseCategoricalCrossentropy(true), new Adam(lr), Device.parse(device));
            out.println("device: " + model.backend().description());
            out.print(model.summary());
            printShapes(out, model);
            Path dir = out();
            Path checkpoint = dir.resolve(CheckpointFiles.FILE);
            List<String> args = asArgs(testFile);
            String fingerprint = train.fingerprint();
            int[] lastCheckpoint = {cp == null ? 0 : cp.state().epochsDone()};
            FitOptions options = new FitOptions().epochs(epochs).batchSize(batch).seed(seed).shuffle(!noShuffle)
                    .verbose(verbose).validationSplit(validationSplit).earlyStoppingPatience(patience).output(out)
                    .checkpoint(checkpointEvery, state -> {
                        CheckpointFiles.save(checkpoint, state, args, fingerprint);
                        lastCheckpoint[0] = state.epochsDone();
                    });
            if (cp != null) options.resumeFrom(cp.state());
            History history;
            try {
                history = model.fit(train, options);
            } catch (TrainingDivergedException e) {
                throw new clnn.ClnnException(e.getMessage() + (Files.exists(checkpoint) ? "; the last good checkpoint is "
                        + checkpoint + " (epoch " + lastCheckpoint[0] + ")" : "; nothing was saved"), e);
            }
            if (history.restoredEpoch() > 0) {
                out.printf(Locale.ROOT, "early stopping: %s; kept the weights of epoch %d (val_loss %.4f)%n",
                        history.stoppedEarly() ? "stopped after epoch " + history.size() + ", val_loss had not improved for "
                                + patience + " epochs" : "ran all " + history.size() + " epochs",
                        history.restoredEpoch(), history.epochs().get(history.restoredEpoch() - 1).valLoss());
            }
            double seconds = history.trainingSeconds();
            int steps = history.last().steps() * history.size();
            out.printf(Locale.ROOT, "trained %d epochs in %.2f s (%.0f us/step, %d steps)%n", history.size(), seconds,
                    seconds * 1e6 / steps, steps);
            if (checkpointEvery > 0) out.println("checkpoint: " + checkpoint + " (epoch " + lastCheckpoint[0] + ")");
            Evaluation onTrain = model.evaluate(train);
            out.println(onTrain.errors() + " errors out of " + onTrain.rows() + " images");
            Evaluation onTest = testSet == null ? null : model.evaluate(testSet);
            if (onTest != null) {
                out.printf(Locale.ROOT, "test accuracy: %.4f (%d errors out of %d images, loss %.4f)%n",
                        onTest.accuracy(), onTest.errors(), onTest.rows(), onTest.loss());
            }
            save(dir, model, loaded, history, onTrain, onTest);
            out.println("saved: " + dir.resolve("model.mat") + ", history.csv, summary.txt, " + figures(dir, model, train, history));
        }
        return 0;
    }

    /** loss.png always; predictions.png and errors.png when the rows are square images. */
    private String figures(Path dir, Sequential model, Dataset train, History history) {
        // Asked before touching any drawing class: a jlink'd server runtime may leave java.desktop out.
        if (ModuleLayer.boot().findModule("java.desktop").isEmpty()) return "no figures (this Java runtime has no java.desktop module for drawing)";
        Figures.writePng(Figures.loss(history), dir.resolve("loss.png"));
        int side = (int) Math.round(Math.sqrt(train.features()));
        if (side * side != train.features()) return "loss.png (rows are not square images: no digit figures)";
        int[] predicted = model.classify(train);
        Figures.writePng(Figures.predictions(train, predicted, seed), dir.resolve("predictions.png"));
        Figures.writePng(Figures.errors(train, predicted), dir.resolve("errors.png"));
        return "loss.png, predictions.png, errors.png";
    }

    private Sequential build(Dataset train) {
        Layer[] stack = new Layer[hidden.length + 2];
        stack[0] = new Input(train.features());
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1) throw new ModelException("--layers: width " + hidden[i] + " is not positive");
            stack[i + 1] = new Dense(hidden[i], Activation.RELU);
        }
        stack[hidden.length + 1] = new Dense(train.classes(), Activation.LINEAR);
        return new Sequential(stack);
    }

    /** The notebook prints each layer's weight shapes after building the model. */
    private static void printShapes(PrintStream out, Sequential model) {
        for (int l = 1; l <= model.layerCount(); l++) {
            out.println("W" + l + " shape = (" + model.shape().width(l - 1) + ", " + model.shape().width(l) + "), b" + l
                    + " shape = (" + model.shape().width(l) + ",)");
        }
    }

    private Path out() {
        Path dir = out != null ? out
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private void save(Path dir, Sequential model, LoadedData loaded, History history, Evaluation onTrain,
                      Evaluation onTest) throws IOException {
        String mapping = loaded.mappedLabel() > 0 ? loaded.mappedLabel() + "->0" : "none";
        ModelFiles.save(model, dir.resolve("model.mat"), mapping);
        AtomicFiles.writeString(dir.resolve("history.csv"), history.toCsv());
        StringBuilder s = new StringBuilder();
        s.append("data: ").append(loaded.data().source()).append('\n').append(loaded.mappingMessage()).append('\n');
        s.append("device: ").append(model.backend().description()).append('\n');
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
        AtomicFiles.writeString(dir.resolve("summary.txt"), s.toString());
    }
}
