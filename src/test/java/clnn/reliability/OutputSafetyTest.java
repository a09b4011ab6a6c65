package clnn.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.data.AtomicFiles;
import clnn.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * I/O failures are one line naming the file, and what was written stays whole: a full disk (through
 * AtomicFiles' test hook, no root tricks), temporaries of killed runs, running out of memory.
 */
class OutputSafetyTest {
    @TempDir
    Path dir;

    @AfterEach
    void normalWrites() {
        AtomicFiles.failWritesForTesting(null);
    }

    static List<String> temporaries(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    @Test
    void aFullDiskWhileWritingHistoryIsOneLineAndTheModelStaysWhole() throws Exception {
        Path data = TinyData.write(dir.resolve("d.mat"), 30, 4, 3);
        Path out = dir.resolve("full");
        AtomicFiles.failWritesForTesting(p -> p.getFileName().toString().equals("history.csv"));
        Refusal.run(TinyData.train(data, out)).assertRefused(out.resolve("history.csv").toString(),
                "No space left on device", "free space").record("cli", "disk full while writing history.csv", dir);
        assertEquals(4, ModelFiles.load(out.resolve("model.mat")).model().inputs(), "the model written before loads");
        assertEquals(List.of(), temporaries(out), "the failed write removed its temporary file");
    }

    @Test
    void aFullDiskWhileReplacingAModelKeepsTheOldOne() throws Exception {
        Path data = TinyData.write(dir.resolve("d.mat"), 30, 4, 3);
        Path out = dir.resolve("replace");
        assertEquals(0, Refusal.run(TinyData.train(data, out)).exitCode());
        byte[] model = Files.readAllBytes(out.resolve("model.mat"));
        AtomicFiles.failWritesForTesting(p -> p.getFileName().toString().equals("model.mat"));
        Refusal.run(TinyData.train(data, out, "--overwrite", "--seed", "9")).assertRefused("model.mat",
                "No space left on device").record("cli", "disk full while replacing model.mat", dir);
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.mat")), "the earlier model, byte for byte");
        assertEquals(List.of(), temporaries(out));
    }

    @Test
    void aFullDiskInShowIsOneLine() throws Exception {
        Path data = TinyData.write(dir.resolve("d.mat"), 16, 4, 2);
        AtomicFiles.failWritesForTesting(p -> p.getFileName().toString().equals("x.png"));
        Refusal.run("show", "--data", data.toString(), "--rows", "2", "--cols", "2", "--out", dir.resolve("x.png").toString())
                .assertRefused("x.png", "No space left on device");
        assertFalse(Files.exists(dir.resolve("x.png")));
        assertEquals(List.of(), temporaries(dir));
    }

    @Test
    void staleTemporariesOfATargetAreSweptByItsNextWrite() throws Exception {
        Path stale = Files.writeString(dir.resolve(".model.mat123456789.tmp"), "half");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        Path fresh = Files.writeString(dir.resolve(".model.mat987.tmp"), "being written by someone now");
        Path other = Files.writeString(dir.resolve(".history.csv555.tmp"), "another target's");
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        AtomicFiles.writeString(dir.resolve("model.mat"), "new");
        assertFalse(Files.exists(stale), "an hour-old temporary of model.mat belongs to a dead writer");
        assertTrue(Files.exists(fresh), "a fresh one may belong to a live writer");
        assertTrue(Files.exists(other), "another target's temporaries are left to that target's next write");
        assertEquals("new", Files.readString(dir.resolve("model.mat")));
    }

    @Test
    void aRunSweepsEveryTemporaryOfItsLockedFolder() throws Exception {
        Path data = TinyData.write(dir.resolve("d.mat"), 30, 4, 3);
        Path out = Files.createDirectories(dir.resolve("killed-before"));
        Files.writeString(out.resolve(".model.mat42.tmp"), "left by kill -9");
        Files.writeString(out.resolve(".checkpoint.mat43.tmp"), "left by kill -9");
        assertEquals(0, Refusal.run(TinyData.train(data, out)).exitCode());
        assertEquals(List.of(), temporaries(out));
    }

    @Test
    void aNetworkThatDoesNotFitTheHeapIsOneLineWithTheFix() throws Exception {
        // 400 x 6000 + 6000 x 6000 weights (and Adam's moments) do not fit in 64 MB. The memory estimate
        // refuses them before anything is allocated; were it ever wrong, Main turns the OutOfMemoryError
        // into one line with the same fix (FailuresTest checks that line).
        Refusal r = Refusal.runChild(64, 60, "train", "--device", "cpu", "--layers", "6000,6000", "--epochs", "1",
                "--verbose", "0", "--out", dir.resolve("oom").toString());
        r.assertRefused("6000", "java -Xmx").record("cli", "a network too large for the heap (child JVM, -Xmx64m)", dir);
        assertFalse(Files.exists(dir.resolve("oom/model.mat")));
    }
}
