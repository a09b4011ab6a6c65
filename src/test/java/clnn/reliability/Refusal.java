package clnn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every hostile case must end with, in one place: exit code 2, exactly one line on stderr that
 * starts with "error: ", names what it must name, holds no stack trace and no control character.
 * Cases run in this JVM ({@link #run}) or, for the memory cases, in a child JVM with a small heap
 * ({@link #runChild}). {@link #record} adds the observed line to a table under target/hostile/
 * (docs/RELIABILITY.md is assembled from those tables).
 */
public record Refusal(int exitCode, String out, String err, String command) {

    /** Runs the command line in this JVM and keeps what it printed. */
    public static Refusal run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Refusal(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                String.join(" ", args));
    }

    /**
     * Runs the command line in a child JVM with {@code -Xmx<heapMb>m} (same classpath and Vector API
     * flag as this one) and fails if it does not answer within {@code seconds}.
     */
    public static Refusal runChild(int heapMb, int seconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-Xss512k", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path outFile = Files.createTempFile("clnn-child", ".out");
        Path errFile = Files.createTempFile("clnn-child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
            boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!done) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertTrue(done, "the child JVM (-Xmx" + heapMb + "m) answered within " + seconds + " s: " + String.join(" ", args));
            // The JVM's own notice about the Vector API module is not the engine's output.
            String err = Files.readString(errFile).replaceAll("(?m)^WARNING: Using incubator modules.*\\R", "");
            return new Refusal(p.exitValue(), Files.readString(outFile), err, String.join(" ", args));
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }

    /** The one error line, without "error: ". */
    public String line() {
        String e = err.strip();
        return e.startsWith("error: ") ? e.substring("error: ".length()) : e;
    }

    /** Asserts the refusal contract and that the line names every fragment; returns this. */
    public Refusal assertRefused(String... fragments) {
        String report = command + ": exit " + exitCode + "\nstderr: " + err + "\nstdout: " + out;
        assertEquals(2, exitCode, report);
        String e = err.strip();
        assertEquals(1, e.lines().count(), "exactly one line on stderr: " + report);
        assertTrue(e.startsWith("error: "), report);
        assertFalse(e.contains("Exception") || e.contains("\tat ") || e.contains("Error:"), "no stack trace: " + report);
        assertTrue(e.codePoints().noneMatch(c -> Character.isISOControl(c) || c == 0x7f || (c >= 0x80 && c < 0xa0)),
                "no control characters: " + report);
        assertTrue(e.length() <= 2000, "the line is at most 2000 characters (" + e.length() + "): " + report);
        for (String f : fragments) assertTrue(e.contains(f), "mentions '" + f + "': " + report);
        return this;
    }

    /** Tables started by this JVM: the first row of a run replaces what an earlier run left. */
    private static final java.util.Set<String> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Appends "| case | exit | message |" to target/hostile/{table}.md, with {@code dir} shown as DIR. */
    public Refusal record(String table, String caseName, Path dir) {
        row(table, caseName, String.valueOf(exitCode), "`" + line().replace(dir.toString(), "DIR") + "`");
        return this;
    }

    /** Appends one row of cells to target/hostile/{table}.md (the first row of a run starts the table afresh). */
    public static void row(String table, String... cells) {
        try {
            Path file = Path.of("target", "hostile", table + ".md");
            Files.createDirectories(file.getParent());
            if (STARTED.add(table)) Files.deleteIfExists(file);
            StringBuilder b = new StringBuilder("|");
            for (String c : cells) b.append(' ').append(c.replace("|", "\\|")).append(" |");
            Files.writeString(file, b.append('\n').toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
