package clnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.History;
import clnn.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Keras progress printer: the time remaining during an epoch, and an ASCII bar where boxes cannot print. */
class KerasProgressTest {
    @Test
    void duringAnEpochTheBarShowsTheTimeRemaining() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KerasProgress p = new KerasProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1, true, true);
        p.onTrainBegin(1, 10);
        p.onEpochBegin(1);
        Thread.sleep(1100);
        p.onStep(1, () -> 2.5);
        String live = bytes.toString(StandardCharsets.UTF_8);
        // 1 of 10 steps took about 1.1 s: about 10 s remain (the elapsed time would print as 1s).
        Matcher m = Pattern.compile(" 1/10 .* (\\d+)s \\S+/step - loss: 2.5000").matcher(live);
        assertTrue(m.find(), live);
        int remaining = Integer.parseInt(m.group(1));
        assertTrue(remaining >= 9 && remaining <= 13, "remaining " + remaining + " in " + live);
        p.onEpochEnd(new History.Epoch(1, 2.0, 0.5, Double.NaN, Double.NaN, 3.0, 10));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("10/10 ━━━━━━━━━━━━━━━━━━━━ 3s 300ms/step - loss: 2.0000"),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutBoxDrawingCharactersTheBarIsAscii() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KerasProgress p = new KerasProgress(new PrintStream(bytes, true, StandardCharsets.US_ASCII), 1, false, false);
        p.onTrainBegin(1, 4);
        p.onEpochBegin(1);
        p.onEpochEnd(new History.Epoch(1, 1.0, 0.5, Double.NaN, Double.NaN, 0.004, 4));
        String out = bytes.toString(StandardCharsets.US_ASCII);
        assertTrue(out.contains("4/4 [====================] 0s 1ms/step - loss: 1.0000"), out);
        assertFalse(out.contains("?"), out);
    }

    /** Under LANG=C the JVM's standard output is ASCII: the engine draws its bar in ASCII rather than '?'. */
    @Test
    void underLangCTheCommandLineDrawsAnAsciiBar(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--device", "cpu",
                "--epochs", "1", "--verbose", "1", "--out", dir.resolve("run").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process proc = pb.start();
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "train under LANG=C finished");
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.ISO_8859_1);
        assertEquals(0, proc.exitValue(), out + Files.readString(dir.resolve("err.txt")));
        assertTrue(out.contains("157/157 [====================] "), out);
        assertTrue(out.contains("+=================================+"), "the model summary in ASCII: " + out);
        assertFalse(out.contains("?"), out);
    }
}
