package clnn.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.CheckpointFiles;
import clnn.data.DatasetLoader;
import clnn.ModelFiles;
import clnn.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, "nothing lost, nothing silently wrong", through the command line: every case ends with
 * one line, exit 2, and leaves what was already written as it was. Each observed line goes to
 * target/hostile/cli.md.
 */
class CliHostileTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path wide;

    @BeforeAll
    static void files() throws Exception {
        data = TinyData.write(dir.resolve("tiny.mat"), 40, 4, 3);
        wide = TinyData.write(dir.resolve("wide.mat"), 40, 6, 3);
    }

    static Refusal refused(String name, String[] args, String... fragments) {
        return Refusal.run(args).assertRefused(fragments).record("cli", name, dir);
    }

    @Test
    void earlyStoppingOnANonFiniteValidationLossIsADivergenceNotAZeroModel() throws Exception {
        // Two rows, one ordinary and one of 3e38: the seed decides which one is held out for validation.
        Path huge = TinyData.huge(dir.resolve("huge.mat"), 2, 3);
        boolean validationCase = false;
        for (int seed = 1; seed <= 6; seed++) {
            Path out = dir.resolve("huge-run" + seed);
            Refusal r = Refusal.run(TinyData.train(huge, out, "--validation-split", "0.5", "--early-stopping-patience",
                    "2", "--seed", String.valueOf(seed)));
            if (r.exitCode() == 0) {
                // The huge row trained without overflowing (relu cut it off): then the model is real weights.
                float[] w = ModelFiles.load(out.resolve("model.mat")).model().flatParams();
                boolean allZero = true;
                for (float f : w) allZero &= f == 0f;
                assertFalse(allZero, "seed " + seed + ": never the zero-filled best buffer");
                continue;
            }
            r.assertRefused("training diverged at epoch", "nothing was saved");
            assertFalse(Files.exists(out.resolve("model.mat")), "no model of zeros");
            if (!validationCase && r.err().contains("validation loss")) {
                validationCase = true;
                r.assertRefused("lower the learning rate", "scale the features").record("cli",
                        "early stopping, val_loss not finite (seed " + seed + ")", dir);
            }
        }
        assertTrue(validationCase, "some seed holds out the huge row");
    }

    @Test
    void outIsAFile() {
        refused("--out names a file", TinyData.train(data, data), "is a file, not a folder", data.toString());
    }

    @Test
    void outHoldsAnEarlierModelUnlessOverwrite() throws Exception {
        Path out = dir.resolve("earlier");
        assertEquals(0, Refusal.run(TinyData.train(data, out)).exitCode());
        byte[] model = Files.readAllBytes(out.resolve("model.mat"));
        refused("--out holds an earlier model.mat", TinyData.train(data, out), "already holds model.mat", "--overwrite",
                out.toString());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.mat")), "the earlier model is untouched");
        Refusal again = Refusal.run(TinyData.train(data, out, "--overwrite", "--seed", "5"));
        assertEquals(0, again.exitCode(), again.toString());
        assertFalse(java.util.Arrays.equals(model, Files.readAllBytes(out.resolve("model.mat"))), "replaced on request");
    }

    @Test
    void showRefusesToDrawOverItsData() throws Exception {
        Path precious = Files.copy(data, dir.resolve("precious.mat"));
        byte[] before = Files.readAllBytes(precious);
        refused("show --out is the --data file", new String[] {"show", "--data", precious.toString(), "--out",
            precious.toString()}, "--out", "is the --data file", "choose another --out");
        // Through another spelling of the same file, too.
        refused("show --out is the --data file by another path", new String[] {"show", "--data", precious.toString(),
            "--out", dir.resolve(".").resolve("precious.mat").toString()}, "is the --data file");
        assertArrayEquals(before, Files.readAllBytes(precious));
    }

    @Test
    void trainRefusesOutputsThatAreInputs() throws Exception {
        Path out = Files.createDirectories(dir.resolve("inputs-here"));
        Path asSummary = Files.copy(data, out.resolve("summary.txt"));
        byte[] before = Files.readAllBytes(asSummary);
        refused("train --data is DIR/summary.txt", TinyData.train(asSummary, out), "is the --data file",
                "summary.txt");
        assertArrayEquals(before, Files.readAllBytes(asSummary));

        Path earlier = dir.resolve("init-here");
        assertEquals(0, Refusal.run(TinyData.train(data, earlier)).exitCode());
        refused("train --init-weights is DIR/model.mat", TinyData.train(data, earlier, "--overwrite",
                "--init-weights", earlier.resolve("model.mat").toString()), "is the --init-weights file");

        Path asLink = Files.createDirectories(dir.resolve("linked"));
        Files.createSymbolicLink(asLink.resolve("loss.png"), data);
        refused("train --out DIR/loss.png links to --data", TinyData.train(data, asLink), "is the --data file");
        assertTrue(Files.isSymbolicLink(asLink.resolve("loss.png")) && !Files.exists(asLink.resolve("model.mat")));
    }

    @Test
    void aTestSetOfAnotherWidthIsRefusedBeforeTraining() {
        Path out = dir.resolve("test-width");
        Refusal r = refused("--test of another width", TinyData.train(data, out, "--test", wide.toString()),
                "wide.mat", "6 features", "4");
        assertFalse(r.out().contains("Epoch"), "refused before the first epoch: " + r.out());
        assertFalse(Files.exists(out), "no run folder for a run that never started");
    }

    @Test
    void aTestSetWithMoreClassesOrInitialWeightsOfAnotherShapeAreRefusedBeforeTraining() throws Exception {
        Path five = TinyData.write(dir.resolve("five.mat"), 40, 4, 5);
        Refusal r = refused("--test with labels beyond the training classes", TinyData.train(data, dir.resolve("t5"),
                "--test", five.toString()), "five.mat");
        assertFalse(r.out().contains("Epoch"), r.out());
        Path other = dir.resolve("other-layers");
        assertEquals(0, Refusal.run(TinyData.train(data, other, "--layers", "3")).exitCode());
        Refusal w = refused("--init-weights of another shape", TinyData.train(data, dir.resolve("iw"), "--init-weights",
                other.resolve("model.mat").toString()), "model.mat", "W1");
        assertFalse(w.out().contains("Epoch"), w.out());
        assertFalse(Files.exists(dir.resolve("iw")));
    }

    @Test
    void aValidationSplitThatLeavesNoRowsIsRefusedBeforeTraining() throws Exception {
        Path two = TinyData.write(dir.resolve("two.mat"), 2, 4, 2);
        refused("--validation-split leaves no validation row", TinyData.train(two, dir.resolve("split"),
                "--validation-split", "0.1"), "--validation-split 0.1", "0 for validation");
    }

    @Test
    void earlyStoppingWithoutValidationIsRefusedAtOnce() {
        refused("--early-stopping-patience without --validation-split", TinyData.train(data, dir.resolve("es"),
                "--early-stopping-patience", "3"), "--early-stopping-patience 3", "--validation-split");
    }

    @Test
    void resumeRefusesOptionsThatDifferFromTheCheckpoint() throws Exception {
        Path run = dir.resolve("resumable");
        assertEquals(0, Refusal.run(TinyData.train(data, run, "--checkpoint-every", "1")).exitCode());
        Refusal r = refused("--resume with other --data and --layers", new String[] {"train", "--resume", run.toString(),
            "--data", wide.toString(), "--layers", "7"}, "--data " + wide, "--layers 7", "--layers 5",
                "only --device, --threads, --fusion, --verbose, --epochs, --lr may change");
        assertFalse(r.out().contains("Epoch"), r.out());
        // The allowed ones go through, and the same value as stored is no conflict.
        Refusal ok = Refusal.run("train", "--resume", run.toString(), "--epochs", "3", "--lr", "0.01", "--layers", "5",
                "--data", data.toString(), "--verbose", "0");
        assertEquals(0, ok.exitCode(), ok.toString());
        refused("--resume --epochs below the epochs done", new String[] {"train", "--resume", run.toString(), "--epochs",
            "1"}, "--epochs 1", "3 epochs");
    }

    @Test
    void aCheckpointWithUnreadableStoredOptionsIsOneLine() throws Exception {
        Path run = Files.createDirectories(dir.resolve("bad-args"));
        CheckpointFiles.save(run.resolve(CheckpointFiles.FILE), state(5), List.of("--bogus", "1"), "0");
        refused("checkpoint clnn_args with an unknown option", new String[] {"train", "--resume", run.toString()},
                "checkpoint.mat", "clnn_args", "--bogus");
        CheckpointFiles.save(run.resolve(CheckpointFiles.FILE), state(5), List.of("--epochs", "many"), "0");
        refused("checkpoint clnn_args with a malformed value", new String[] {"train", "--resume", run.toString()},
                "checkpoint.mat", "clnn_args", "many");
    }

    @Test
    void aCheckpointOfAnotherNetworkIsRefusedBeforeTraining() throws Exception {
        Path run = Files.createDirectories(dir.resolve("other-net"));
        String fingerprint = DatasetLoader.defaults().load(data).data().fingerprint();
        CheckpointFiles.save(run.resolve(CheckpointFiles.FILE), state(7), List.of("--data", data.toString(), "--layers",
                "5", "--epochs", "2", "--device", "cpu", "--verbose", "0"), fingerprint);
        Refusal r = refused("checkpoint with another parameter count", new String[] {"train", "--resume", run.toString()},
                "checkpoint.mat", "7 parameters", "--layers 5");
        assertFalse(r.out().contains("Epoch"), r.out());
    }

    @Test
    void evaluateAndPredictDoNotOfferLabelOptions() throws Exception {
        Path run = dir.resolve("for-eval");
        assertEquals(0, Refusal.run(TinyData.train(data, run)).exitCode());
        String model = run.resolve("model.mat").toString();
        for (String[] extra : List.of(new String[] {"--classes", "3"}, new String[] {"--label-mapping", "none"})) {
            for (String cmd : List.of("evaluate", "predict")) {
                List<String> a = new ArrayList<>(List.of(cmd, "--model", model, "--data", data.toString()));
                if (cmd.equals("predict")) a.addAll(List.of("--index", "0"));
                a.addAll(List.of(extra));
                Refusal r = Refusal.run(a.toArray(new String[0]));
                assertEquals(2, r.exitCode(), r.toString());
                assertTrue(r.err().contains("Unknown option") && r.err().contains("'" + extra[0] + "'"), r.err());
            }
        }
    }

    @Test
    void everyNumericOptionHasARange() {
        Path out = dir.resolve("ranges");
        refused("show --rows 4 --cols 1073741824", new String[] {"show", "--data", data.toString(), "--rows", "4", "--cols",
            "1073741824", "--out", dir.resolve("x.png").toString()}, "--cols is 1073741824", "1024");
        refused("show --rows 64 --cols 64", new String[] {"show", "--data", data.toString(), "--rows", "64", "--cols",
            "64", "--out", dir.resolve("x.png").toString()}, "4096 images", "1024");
        refused("--classes -1", TinyData.train(data, out, "--classes", "-1"), "--classes is -1", "1 to 65536");
        refused("--classes 0", TinyData.train(data, out, "--classes", "0"), "--classes is 0");
        refused("--classes 70000", TinyData.train(data, out, "--classes", "70000"), "--classes is 70000");
        refused("--epochs 0", TinyData.train(data, out, "--epochs", "0"), "--epochs is 0", "at least 1");
        refused("--lr NaN", TinyData.train(data, out, "--lr", "NaN"), "--lr is NaN");
        refused("--lr Infinity", TinyData.train(data, out, "--lr", "Infinity"), "--lr is Infinity");
        refused("--lr 0", TinyData.train(data, out, "--lr", "0"), "--lr is 0.0");
        refused("--checkpoint-every -1", TinyData.train(data, out, "--checkpoint-every", "-1"), "--checkpoint-every is -1");
        refused("--early-stopping-patience -1", TinyData.train(data, out, "--early-stopping-patience", "-1"),
                "--early-stopping-patience is -1");
        refused("--layers 5,0", TinyData.train(data, out, "--layers", "5,0"), "--layers", "is 0");
        refused("--verbose 3", TinyData.train(data, out, "--verbose", "3"), "--verbose is 3", "0 to 2");
        refused("--validation-split 1", TinyData.train(data, out, "--validation-split", "1"), "--validation-split is 1.0");
        refused("--validation-split NaN", TinyData.train(data, out, "--validation-split", "NaN"), "--validation-split is NaN");
        refused("predict --index -1", new String[] {"predict", "--model", "whatever.mat", "--index", "-1"}, "--index is -1");
        refused("selftest --epochs 0", new String[] {"selftest", "--device", "cpu", "--epochs", "0"}, "--epochs is 0");
        assertFalse(Files.exists(out), "no folder for refused options");
    }

    @Test
    void textFromFilesCannotForgeLinesOrFloodTheTerminal() throws Exception {
        Refusal forged = refused("variable name with ANSI escapes and a newline", TinyData.train(data, dir.resolve("f"),
                "--x-var", "A\u001b[31m\nerror: all good"), "no variable", "\\e[31m\\nerror: all good");
        assertFalse(forged.err().contains("\u001b"));
        Refusal huge = Refusal.run(TinyData.train(data, dir.resolve("f"), "--x-var", "V".repeat(100_000)))
                .assertRefused("more characters");
        assertTrue(huge.err().length() < 2000, "capped: " + huge.err().length());
        // stdout: the "data:" line names the file, whose name here holds an escape sequence.
        Path odd = Files.copy(data, dir.resolve("odd\u001b]0;title\u0007.mat"));
        Refusal r = Refusal.run(TinyData.train(odd, dir.resolve("odd-run"), "--verbose", "2"));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("data: ") && r.out().contains("odd\\e]0;title\\u0007.mat"), r.out());
        assertTrue(r.out().codePoints().noneMatch(c -> c == 0x1b || c == 7), "no control characters on stdout");
    }

    /** A checkpoint state of {@code params} parameters after 0 epochs. */
    static TrainingState state(int params) {
        return new TrainingState(0, 0, new float[params], new float[params], new float[params], List.of(), null,
                Double.NaN, 0, 0);
    }

    @Test
    void theTrainedModelOfTheseCasesLoads() throws Exception {
        Path out = dir.resolve("loads");
        assertEquals(0, Refusal.run(TinyData.train(data, out)).exitCode());
        assertEquals(4, ModelFiles.load(out.resolve("model.mat")).model().inputs());
    }

    /** The options this session added (--fusion, predict --out, inspect --data, evaluate's required --data). */
    @Test
    void newOptionsRefuseBadUseInOneLineAndLoseNothing() throws Exception {
        refused("--fusion with an unknown value", TinyData.train(data, dir.resolve("fusion"), "--fusion", "sometimes"),
                "--fusion sometimes is not a choice", "use auto or off");
        Path run = dir.resolve("for-predict");
        assertEquals(0, Refusal.run(TinyData.train(data, run)).exitCode());
        String model = run.resolve("model.mat").toString();
        refused("evaluate without --data", new String[] {"evaluate", "--model", model}, "evaluate needs --data FILE");
        Path earlier = dir.resolve("earlier.csv");
        Files.writeString(earlier, "an earlier run's predictions\n");
        refused("predict --out names an existing file", new String[] {"predict", "--model", model, "--data",
            data.toString(), "--out", earlier.toString()}, "exists; name a new file");
        assertEquals("an earlier run's predictions\n", Files.readString(earlier), "the existing file is untouched");
        byte[] before = Files.readAllBytes(data);
        refused("predict --out is the --data file", new String[] {"predict", "--model", model, "--data", data.toString(),
            "--out", data.toString()}, "is the --data file");
        assertArrayEquals(before, Files.readAllBytes(data), "the data file is untouched");
        refused("inspect given two different files", new String[] {"inspect", data.toString(), "--data", model},
                "inspect got two files", "give one");
        refused("inspect given no file", new String[] {"inspect"}, "inspect needs a file");
    }

    /** predict --save-preprocessed (issue 13): a new file, not an input, and only with --image. */
    @Test
    void savePreprocessedRefusesBadUseAndLosesNothing() throws Exception {
        Path model = dir.resolve("image-model.mat");
        try (clnn.Sequential m = new clnn.Sequential(new clnn.Input(400), new clnn.Dense(10, clnn.Activation.LINEAR))) {
            ModelFiles.save(m, model, clnn.data.LabelRemap.NONE);
        }
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(60, 60, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 60 * 60; i++) img.setRGB(i % 60, i / 60, i % 60 >= 25 && i % 60 < 33 ? 0 : 0xFFFFFF);
        Path png = dir.resolve("one.png");
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        byte[] image = Files.readAllBytes(png);
        Path earlier = dir.resolve("seen-earlier.png");
        Files.writeString(earlier, "an earlier picture\n");
        refused("predict --save-preprocessed names an existing file", new String[] {"predict", "--model", model.toString(),
            "--image", png.toString(), "--save-preprocessed", earlier.toString()}, "--save-preprocessed", "exists",
                "name a new file");
        assertEquals("an earlier picture\n", Files.readString(earlier), "the existing file is untouched");
        refused("predict --save-preprocessed is the --image file", new String[] {"predict", "--model", model.toString(),
            "--image", png.toString(), "--save-preprocessed", png.toString()}, "is the --image file");
        assertArrayEquals(image, Files.readAllBytes(png), "the image is untouched");
        refused("predict --save-preprocessed without --image", new String[] {"predict", "--model", model.toString(),
            "--data", data.toString(), "--index", "0", "--save-preprocessed", dir.resolve("x.png").toString()},
                "--save-preprocessed goes with --image");
        assertFalse(Files.exists(dir.resolve("x.png")));
    }
}
