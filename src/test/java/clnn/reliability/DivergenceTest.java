package clnn.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.cli.Main;
import clnn.CheckpointFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose loss becomes NaN stops with one line naming the epoch and step, exit 2, and keeps what was saved. */
class DivergenceTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aHugeLearningRateStopsAtTheStepItDiverged() {
        Run r = run("train", "--device", "cpu", "--lr", "1e30", "--epochs", "3", "--verbose", "0", "--out",
                dir.resolve("a").toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("training diverged at epoch 1, step 2 of 157") && r.err().contains("nothing was saved"),
                r.err());
        assertTrue(!Files.exists(dir.resolve("a/model.mat")), "no model from a diverged run");
    }

    @Test
    void theLastGoodCheckpointAndModelSurvive() throws Exception {
        Path run = dir.resolve("b");
        assertEquals(0, run("train", "--device", "cpu", "--epochs", "2", "--checkpoint-every", "1", "--verbose", "0",
                "--out", run.toString()).code());
        byte[] model = Files.readAllBytes(run.resolve("model.mat"));
        // Resume with an absurd learning rate: epoch 3 diverges.
        Run r = run("train", "--resume", run.toString(), "--epochs", "4", "--lr", "1e30", "--verbose", "0");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("training diverged at epoch 3, step 2 of 157"), r.err());
        assertTrue(r.err().contains("the last good checkpoint is " + run.resolve("checkpoint.mat") + " (epoch 2)"), r.err());
        assertEquals(2, CheckpointFiles.load(run).state().epochsDone(), "the checkpoint of epoch 2 still loads");
        assertArrayEquals(model, Files.readAllBytes(run.resolve("model.mat")), "the saved model is untouched");
        // And the run goes on from there at a sane learning rate.
        assertEquals(0, run("train", "--resume", run.toString(), "--epochs", "4", "--verbose", "0").code());
    }
}
