package clnn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.cli.Main;
import clnn.ModelFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes, not threads: two child JVMs on one --out (the run folder's lock lets exactly one in),
 * and child JVMs killed with SIGKILL (destroyForcibly) while they write their results (model.mat is
 * then absent or whole, for clnn and for scipy, never half-written).
 */
class ConcurrentRunsTest {
    @TempDir
    Path dir;

    static Process child(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static String[] train(Path data, Path out, int epochs) {
        return new String[] {"train", "--data", data.toString(), "--device", "cpu", "--epochs", String.valueOf(epochs),
            "--verbose", "0", "--layers", "8", "--out", out.toString()};
    }

    @Test
    void twoProcessesOnOneOutExactlyOneProceeds() throws Exception {
        Path data = TinyData.write(dir.resolve("d.mat"), 400, 16, 4);
        Path out = dir.resolve("shared");
        int epochs = 300;
        Path logA = dir.resolve("a.log");
        Path logB = dir.resolve("b.log");
        Process a = child(logA, train(data, out, epochs));
        Process b = child(logB, train(data, out, epochs));
        assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS), "both ended");
        String ta = Files.readString(logA, StandardCharsets.UTF_8);
        String tb = Files.readString(logB, StandardCharsets.UTF_8);
        assertEquals(2, a.exitValue() + b.exitValue(), "one 0 and one 2:\nA " + a.exitValue() + "\n" + ta + "\nB "
                + b.exitValue() + "\n" + tb);
        String loser = a.exitValue() == 2 ? ta : tb;
        List<String> errors = loser.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), loser);
        String line = errors.get(0);
        // Usually the lock refuses it; on a slow machine the winner may be done first, then its model.mat does.
        assertTrue(line.contains(out + " is in use by another train run") || line.contains("already holds model.mat"),
                line);
        assertTrue(!loser.contains("\tat "), "no stack trace: " + loser);
        System.out.println("ConcurrentRunsTest: the second run was refused with: " + line);
        assertEquals(16, ModelFiles.load(out.resolve("model.mat")).model().inputs(), "the winner's model is whole");
        assertEquals(epochs + 1, Files.readAllLines(out.resolve("history.csv")).size(), "the winner's whole history");
    }

    @Test
    void killedWhileWritingItsResultsLeavesNoBrokenModel() throws Exception {
        // 16 features: square 4x4 images, so the run also draws its three figures after model.mat.
        Path data = TinyData.write(dir.resolve("d.mat"), 200, 16, 4);
        Random random = new Random(3);
        int loaded = 0;
        int absent = 0;
        for (int k = 0; k < 6; k++) {
            Path out = dir.resolve("killed" + k);
            Process p = child(dir.resolve("k" + k + ".log"), train(data, out, 40));
            // The folder appears once everything is checked, just before training (about 100 ms) and the writes.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (p.isAlive() && !Files.isDirectory(out) && System.nanoTime() < deadline) Thread.sleep(1);
            Thread.sleep(random.nextInt(400));
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Path model = out.resolve("model.mat");
            if (Files.exists(model)) {
                assertEquals(16, ModelFiles.load(model).model().inputs(), "kill " + k + ": model.mat loads");
                scipyLoads(model);
                loaded++;
            } else {
                absent++;
            }
        }
        System.out.println("ConcurrentRunsTest: after 6 kills, model.mat was whole " + loaded + " times, absent " + absent);
    }

    /** scipy.io.loadmat reads it too, where python3-scipy is installed (CI installs it). */
    static void scipyLoads(Path model) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) return;
        Process p = new ProcessBuilder(python.toString(), "-c", "import sys\ntry:\n import scipy.io\nexcept ImportError:\n"
                + " sys.exit(0)\nd = scipy.io.loadmat(sys.argv[1])\nassert 'W1' in d and 'clnn_layers' in d, sorted(d)",
                model.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python ended");
        assertEquals(0, p.exitValue(), "scipy.io.loadmat " + model + ": " + out);
    }
}
