package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** Which failures are the user's (one line) and what the line says; everything else stays a bug. */
class FailuresTest {
    @Test
    void fileSystemFailuresNameTheFileAndTheReason() {
        String m = Failures.oneLine(new FileSystemException("/runs/a/history.csv", null, "No space left on device"));
        assertTrue(m.startsWith("/runs/a/history.csv: No space left on device; check"), m);
        assertTrue(Failures.oneLine(new AccessDeniedException("/x")).startsWith("/x: permission denied"));
        String u = Failures.oneLine(new UncheckedIOException("cannot write /m.mat: disk full", new IOException("disk full")));
        assertTrue(u.startsWith("cannot write /m.mat: disk full; "), u);
        String raw = Failures.oneLine(new UncheckedIOException(new java.nio.file.NoSuchFileException("/gone")));
        assertTrue(raw.startsWith("/gone: no such file or folder"), raw);
    }

    @Test
    void memoryAndStackSayWhatWasGoingOnAndHowToGiveMore() {
        Activity.set("reading --data big.mat");
        assertEquals("out of memory while reading --data big.mat (Java heap space); give the JVM more memory, e.g. "
                + "java -Xmx4g -jar engine.jar ..., or use smaller data or a smaller network",
                Failures.oneLine(new OutOfMemoryError("Java heap space")));
        assertTrue(Failures.oneLine(new StackOverflowError()).contains("-Xss8m"));
    }

    @Test
    void bugsAreNotUserErrors() {
        assertNull(Failures.oneLine(new IllegalStateException("bug")));
        assertNull(Failures.oneLine(new NullPointerException()));
    }
}
