package clnn.cli;

import static clnn.data.MatFixtures.doubles;
import static clnn.data.MatFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line through picocli, in-process: outputs, files written and exit codes. */
class CliTest {
    @TempDir
    Path dir;
    Path data;

    /** 60 rows of 6 features named A, three classes named b with values 1..3 (no ex3 mapping: 10 is absent). */
    @BeforeEach
    void smallDataSet() throws Exception {
        Random r = new Random(1);
        int n = 60;
        double[] x = new double[n * 6];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int cls = i % 3;
            y[i] = cls + 1;
            for (int j = 0; j < 6; j++) x[j * n + i] = r.nextGaussian() * 0.3 + (j % 3 == cls ? 1 : 0);
        }
        data = write(dir.resolve("small.mat"), doubles("A", n, x), doubles("b", 1, y));
    }

    @Test
    void verboseZeroPrintsNothingButErrorsAndStacktraceAddsTheTrace() {
        CliRun quiet = CliRun.of("train", "--data", data.toString(), "--x-var", "A", "--y-var", "b", "--device", "cpu",
                "--epochs", "2", "--verbose", "0", "--out", dir.resolve("quiet").toString());
        assertEquals(0, quiet.exitCode(), quiet.toString());
        assertEquals("", quiet.out(), "Keras's verbose=0: silent");
        assertTrue(Files.exists(dir.resolve("quiet/model.mat")));
        CliRun plain = CliRun.of("train", "--data", dir.resolve("missing.mat").toString());
        assertTrue(plain.oneErrorLine() && !plain.err().contains("\tat "), plain.toString());
        CliRun traced = CliRun.of("--stacktrace", "train", "--data", dir.resolve("missing.mat").toString());
        assertEquals(2, traced.exitCode());
        assertTrue(traced.err().startsWith("error: ") && traced.err().contains("\tat clnn."), traced.toString());
    }

    @Test
    void helpListsTheCommands() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.exitCode(), r.toString());
        for (String c : new String[] {"train", "evaluate", "predict", "inspect"}) assertTrue(r.out().contains(c), r.toString());
        assertEquals(0, CliRun.of("train", "--help").exitCode());
    }

    @Test
    void trainsAnyDataSetAndWritesTheRunFolder() throws Exception {
        Path out = dir.resolve("run");
        CliRun r = CliRun.of("train", "--data", data.toString(), "--x-var", "A", "--y-var", "b", "--layers", "8,4",
                "--epochs", "3", "--device", "cpu", "--verbose", "2", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("labels: used as stored (1..3)"), r.toString());
        assertTrue(r.out().contains("Epoch 3/3"), r.toString());
        assertTrue(r.out().matches("(?s).*2/2 - \\d+s - \\d+(us|ms)/step - loss: \\d\\.\\d{4}.*"), r.toString());
        assertTrue(r.out().contains("errors out of 60 images"), r.toString());
        assertTrue(r.out().contains("(None, 4)"), "the summary shows the hidden layers: " + r);
        for (String f : new String[] {"model.mat", "history.csv", "summary.txt"}) assertTrue(Files.exists(out.resolve(f)), f);
        assertEquals(4, Files.readAllLines(out.resolve("history.csv")).size(), "header + 3 epochs");

        CliRun inspect = CliRun.of("inspect", out.resolve("model.mat").toString());
        assertEquals(0, inspect.exitCode(), inspect.toString());
        assertTrue(inspect.out().contains("W1") && inspect.out().contains("6x8") && inspect.out().contains("1x4"),
                inspect.toString());

        CliRun predict = CliRun.of("predict", "--model", out.resolve("model.mat").toString(), "--data", data.toString(),
                "--x-var", "A", "--y-var", "b", "--index", "4");
        assertEquals(0, predict.exitCode(), predict.toString());
        assertTrue(predict.out().contains("logits:") && predict.out().contains("probabilities:")
                && predict.out().contains("largest prediction index:"), predict.toString());

        CliRun eval = CliRun.of("evaluate", "--model", out.resolve("model.mat").toString(), "--data", data.toString(),
                "--x-var", "A", "--y-var", "b");
        assertEquals(0, eval.exitCode(), eval.toString());
        assertTrue(eval.out().matches("(?s).*loss \\d+\\.\\d{4}, accuracy \\d\\.\\d{4}, \\d+ errors out of 60 images.*"),
                eval.toString());
    }

    @Test
    void userErrorsAreOneLineAndExitTwo() throws Exception {
        CliRun missing = CliRun.of("train", "--data", dir.resolve("nope.mat").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.oneErrorLine() && missing.err().contains("no such file"), missing.toString());

        CliRun badVar = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, badVar.exitCode(), badVar.toString());
        assertTrue(badVar.oneErrorLine() && badVar.err().contains("no variable 'X'"), badVar.toString());

        CliRun badDevice = CliRun.of("train", "--data", data.toString(), "--x-var", "A", "--y-var", "b", "--device",
                "tpu");
        assertEquals(2, badDevice.exitCode(), badDevice.toString());
        assertTrue(badDevice.oneErrorLine() && badDevice.err().contains("unknown device 'tpu'"), badDevice.toString());

        CliRun badIndex = CliRun.of("inspect", dir.resolve("nothing.mat").toString());
        assertEquals(2, badIndex.exitCode(), badIndex.toString());

        CliRun unknownOption = CliRun.of("train", "--bogus");
        assertEquals(2, unknownOption.exitCode(), unknownOption.toString());
    }

    @Test
    void aModelFileThatIsNotOneIsRejected() throws Exception {
        CliRun r = CliRun.of("predict", "--model", data.toString(), "--data", data.toString(), "--index", "0");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.oneErrorLine() && r.err().contains("not a model written by clnn"), r.toString());
    }

    @Test
    void everyCommandPrintsTheVersion() {
        for (String command : new String[] {"train", "evaluate", "predict", "inspect", "show", "devices", "selftest", "tune"}) {
            CliRun r = CliRun.of(command, "--version");
            assertEquals(0, r.exitCode(), command + ": " + r);
            assertTrue(r.out().startsWith("clnn engine "), command + " --version printed: " + r.out());
        }
    }

    @Test
    void dataOfAnotherWidthIsRefusedForItsWidthBeforeItsLabels() throws Exception {
        CliRun trained = CliRun.of("train", "--data", data.toString(), "--x-var", "A", "--y-var", "b", "--device", "cpu",
                "--epochs", "1", "--verbose", "0", "--out", dir.resolve("six").toString());
        assertEquals(0, trained.exitCode(), trained.toString());
        // 4 features and labels up to 9: both are wrong for the 6-input, 3-class model; the width is named.
        int n = 10;
        double[] x = new double[n * 4];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = i;
        Path narrow = write(dir.resolve("narrow.mat"), doubles("A", n, x), doubles("b", 1, y));
        String model = dir.resolve("six/model.mat").toString();
        for (String[] args : new String[][] {
            {"evaluate", "--model", model, "--data", narrow.toString(), "--x-var", "A", "--y-var", "b"},
            {"predict", "--model", model, "--data", narrow.toString(), "--x-var", "A", "--y-var", "b", "--index", "0"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.oneErrorLine() && r.err().contains("has 4 features per row but the model ")
                    && r.err().contains("takes 6"), args[0] + ": " + r.err());
        }
    }

    @Test
    void inspectTakesTheFileAsDataOrAsItsArgument() {
        CliRun byOption = CliRun.of("inspect", "--data", data.toString());
        CliRun byArgument = CliRun.of("inspect", data.toString());
        assertEquals(0, byOption.exitCode(), byOption.toString());
        assertEquals(byArgument.out(), byOption.out());
        assertTrue(byOption.out().contains(": 2 variables") && byOption.out().contains("labels 1..3"), byOption.out());
        CliRun none = CliRun.of("inspect");
        assertEquals(2, none.exitCode(), none.toString());
        assertTrue(none.oneErrorLine() && none.err().contains("inspect --data FILE.mat"), none.err());
        CliRun two = CliRun.of("inspect", data.toString(), "--data", dir.resolve("other.mat").toString());
        assertEquals(2, two.exitCode(), two.toString());
        assertTrue(two.err().contains("two files"), two.err());
    }

    @Test
    void evaluateNeedsItsDataNamed() {
        CliRun trained = CliRun.of("train", "--data", data.toString(), "--x-var", "A", "--y-var", "b", "--device", "cpu",
                "--epochs", "1", "--verbose", "0", "--out", dir.resolve("m").toString());
        assertEquals(0, trained.exitCode(), trained.toString());
        CliRun r = CliRun.of("evaluate", "--model", dir.resolve("m/model.mat").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.oneErrorLine() && r.err().contains("evaluate needs --data FILE"), r.err());
    }

    @Test
    void predictWritesEveryRowToCsvAndNeverOverwrites() throws Exception {
        CliRun trained = CliRun.of("train", "--data", data.toString(), "--x-var", "A", "--y-var", "b", "--device", "cpu",
                "--epochs", "3", "--verbose", "0", "--out", dir.resolve("m").toString());
        assertEquals(0, trained.exitCode(), trained.toString());
        String model = dir.resolve("m/model.mat").toString();
        Path csv = dir.resolve("predictions.csv");
        CliRun r = CliRun.of("predict", "--model", model, "--data", data.toString(), "--x-var", "A", "--y-var", "b",
                "--out", csv.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("60 predictions"), r.out());
        java.util.List<String> lines = Files.readAllLines(csv);
        assertEquals(61, lines.size());
        // Labels 1..3 stored as they are: the model has 4 outputs (class 0 never occurs), one probability column each.
        assertEquals("index,label,predicted,p0,p1,p2,p3", lines.get(0));
        int correct = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            assertEquals(String.valueOf(i - 1), f[0]);
            double sum = 0;
            int best = 0;
            for (int c = 0; c < 4; c++) {
                double p = Double.parseDouble(f[3 + c]);
                sum += p;
                if (p > Double.parseDouble(f[3 + best])) best = c;
            }
            assertEquals(1.0, sum, 1e-4, "probabilities of row " + (i - 1));
            assertEquals(best, Integer.parseInt(f[2]), "predicted is the most probable class, row " + (i - 1));
            if (f[1].equals(f[2])) correct++;
        }
        CliRun eval = CliRun.of("evaluate", "--model", model, "--data", data.toString(), "--x-var", "A", "--y-var", "b");
        assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", correct / 60.0)),
                "the CSV's accuracy is evaluate's: " + correct + "/60 vs " + eval.out());
        String before = Files.readString(csv);
        CliRun again = CliRun.of("predict", "--model", model, "--data", data.toString(), "--x-var", "A", "--y-var", "b",
                "--out", csv.toString());
        assertEquals(2, again.exitCode(), again.toString());
        assertTrue(again.err().contains("exists; name a new file"), again.err());
        assertEquals(before, Files.readString(csv), "the earlier predictions are untouched");
    }
}
