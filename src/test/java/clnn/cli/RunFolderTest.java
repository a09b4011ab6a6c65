package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.ClnnException;
import clnn.data.MatFixtures;
import clnn.reliability.Refusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run, one folder: default folders are unique, and a locked folder refuses a second run. */
class RunFolderTest {
    @TempDir
    Path dir;

    @Test
    void defaultFoldersStartedInTheSameSecondAreDistinct() {
        List<RunFolder> held = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        try {
            for (int i = 0; i < 5; i++) {
                RunFolder f = RunFolder.createDefault(dir.resolve("runs"));
                held.add(f);
                assertTrue(seen.add(f.dir()), "a new folder each time: " + f.dir());
                assertTrue(Files.isDirectory(f.dir()));
            }
        } finally {
            held.forEach(RunFolder::close);
        }
        // Five calls within a second or two: at least one of them collided and got a suffix.
        assertTrue(seen.stream().anyMatch(p -> p.getFileName().toString().matches("\\d{8}-\\d{6}-\\d+")), seen.toString());
    }

    @Test
    void aLockedFolderRefusesASecondRunAndIsFreeAfterwards() {
        Path run = dir.resolve("run");
        try (RunFolder first = RunFolder.open(run, "--out")) {
            ClnnException e = assertThrows(ClnnException.class, () -> RunFolder.open(run, "--out"));
            assertTrue(e.getMessage().contains(run + " is in use by another train run")
                    && e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
            assertEquals(run, first.dir());
        }
        try (RunFolder again = RunFolder.open(run, "--out")) {
            assertTrue(Files.exists(run.resolve(RunFolder.LOCK)));
        }
    }

    @Test
    void trainAndResumeRefuseAFolderInUse() throws Exception {
        Path data = tiny();
        Path run = dir.resolve("busy");
        assertEquals(0, Refusal.run("train", "--data", data.toString(), "--device", "cpu", "--epochs", "1", "--verbose",
                "0", "--checkpoint-every", "1", "--out", run.toString()).exitCode());
        try (RunFolder held = RunFolder.open(run, "--out")) {
            Refusal.run("train", "--data", data.toString(), "--device", "cpu", "--epochs", "1", "--verbose", "0", "--out",
                    run.toString(), "--overwrite").assertRefused(run + " is in use by another train run")
                    .record("cli", "--out folder in use by another run", dir);
            Refusal.run("train", "--resume", run.toString(), "--epochs", "2")
                    .assertRefused(run + " is in use by another train run").record("cli", "--resume folder in use", dir);
        }
        Refusal ok = Refusal.run("train", "--resume", run.toString(), "--epochs", "2", "--verbose", "0");
        assertEquals(0, ok.exitCode(), ok.toString());
    }

    @Test
    void aFileInTheWayIsNamedAsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("notes"), "x");
        ClnnException e = assertThrows(ClnnException.class, () -> RunFolder.open(file, "--out"));
        assertEquals("--out " + file + " is a file, not a folder; give a folder for the run's files", e.getMessage());
        assertFalse(Files.isDirectory(file));
    }

    private Path tiny() throws Exception {
        int n = 12;
        double[] x = new double[n * 3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[(i % 3) * n + i] = 1;
        }
        return MatFixtures.write(dir.resolve("tiny.mat"), MatFixtures.doubles("X", n, x), MatFixtures.doubles("y", n, y));
    }
}
