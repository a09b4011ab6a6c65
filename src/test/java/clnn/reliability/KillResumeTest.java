package clnn.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.cli.Main;
import clnn.CheckpointFiles;
import clnn.ModelFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints survive a killed process and resume exactly: a child JVM trains with a checkpoint
 * every epoch and is killed (destroyForcibly, like kill -9) at random moments after its first
 * checkpoint; the checkpoint left behind must load, and resuming from it must end with weights
 * bit-identical to an uninterrupted run with the same seed (CPU path).
 */
class KillResumeTest {
    static final int EPOCHS = 14;

    @TempDir
    Path dir;

    static String[] train(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--device", "cpu", "--epochs", String.valueOf(EPOCHS),
                "--checkpoint-every", "1", "--verbose", "0", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    static int runHere(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(sink, true);
        int code = Main.run(args, p, p);
        assertEquals(0, code, String.join(" ", args) + "\n" + sink);
        return code;
    }

    /** The same JVM flags as this one (the Vector API module), so the CPU path is the same code. */
    static Process child(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    static float[] weights(Path run) {
        return ModelFiles.load(run.resolve("model.mat")).model().flatParams();
    }

    @Test
    void killedAtRandomMomentsAndResumedGivesTheUninterruptedWeights() throws Exception {
        Path reference = dir.resolve("reference");
        runHere(train(reference));
        float[] expected = weights(reference);
        Random random = new Random(42);
        List<Integer> killedAfter = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            Path run = dir.resolve("run" + k);
            int lastDone = 0;
            // Run 4 is killed twice before it is allowed to finish.
            for (int kill = 0; kill < (k == 4 ? 2 : 1); kill++) {
                Process p = kill == 0 ? child(train(run)) : child("train", "--resume", run.toString(), "--verbose", "0");
                Path cp = run.resolve(CheckpointFiles.FILE);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (p.isAlive() && System.nanoTime() < deadline
                        && (!Files.exists(cp) || CheckpointFiles.load(run).state().epochsDone() <= lastDone)) {
                    Thread.sleep(20);
                }
                Thread.sleep(random.nextInt(600));
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                // Whatever moment it died at, the checkpoint on disk is whole and loads.
                int done = CheckpointFiles.load(run).state().epochsDone();
                assertTrue(done >= 1 && done >= lastDone, "run " + k + ": checkpoint after epoch " + done);
                lastDone = done;
                killedAfter.add(done);
            }
            runHere("train", "--resume", run.toString(), "--verbose", "0");
            assertArrayEquals(expected, weights(run), "run " + k + " (killed after epochs " + killedAfter + ")");
            assertEquals(EPOCHS, Files.readAllLines(run.resolve("history.csv")).size() - 1, "the whole history");
            System.out.println("KillResumeTest: run " + k + " killed after epochs " + killedAfter + ", resumed to identical weights");
        }
    }
}
