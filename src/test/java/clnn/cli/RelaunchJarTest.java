package clnn.cli;

import static clnn.data.MatFixtures.doubles;
import static clnn.data.MatFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar} for real: a jar whose manifest names clnn.cli.Main and puts the build's class
 * path on its Class-Path, started without the Vector API module, so that main relaunches.
 */
class RelaunchJarTest {
    @TempDir
    Path dir;
    Path jar;
    Path data;
    Path cds;

    @BeforeEach
    void jarAndData() throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        StringBuilder cp = new StringBuilder();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isBlank()) continue;
            cp.append(cp.length() > 0 ? " " : "").append(Path.of(e).toAbsolutePath().toUri());
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString());
        jar = dir.resolve("engine-test.jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        Random r = new Random(1);
        int n = 60;
        double[] x = new double[n * 4];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3 + 1;
            for (int f = 0; f < 4; f++) x[f * n + i] = r.nextGaussian() * 0.3 + (f % 3 == i % 3 ? 1 : 0);
        }
        data = write(dir.resolve("small.mat"), doubles("X", n, x), doubles("y", 1, y));
        cds = dir.resolve("cds");
    }

    record Result(int code, String out, String err) {
    }

    Result run(List<String> jvm, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dclnn.cds.dir=" + cds));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove(Relaunch.GUARD);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ended");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    String[] train(String out) {
        return train(out, 2);
    }

    String[] train(String out, int epochs) {
        return new String[] {"train", "--data", data.toString(), "--device", "cpu", "--epochs", String.valueOf(epochs),
            "--layers", "4", "--verbose", "2", "--out", dir.resolve(out).toString()};
    }

    @Test
    void trainRunsOnTheVectorApiTwinWithoutTheJvmsWarningAndWritesTheClassArchive() throws Exception {
        Result first = run(List.of(), train("a"));
        assertEquals(0, first.code, first.toString());
        assertTrue(first.out.contains("device: CPU (Java, Vector API"), first.out);
        assertEquals("", first.err, "nothing on stderr, the incubator warning included");
        assertTrue(first.out.lines().noneMatch(l -> l.startsWith("[")), "no JVM log line (CDS) on stdout: " + first.out);
        assertTrue(Files.exists(dir.resolve("a/model.mat")));
        try (var s = Files.list(cds)) {
            List<Path> archives = s.toList();
            assertEquals(1, archives.size(), "one archive, no temporary left: " + archives);
            assertTrue(archives.get(0).getFileName().toString().startsWith("engine-test.jar-")
                    && archives.get(0).toString().endsWith(".jsa"), archives.toString());
        }
        Result second = run(List.of(), train("b"));
        assertEquals(0, second.code, second.toString());
        assertTrue(second.out.contains("device: CPU (Java, Vector API"), second.out);
        assertEquals("", second.err);
        assertEquals(first.out.lines().filter(l -> l.startsWith("Epoch")).toList(),
                second.out.lines().filter(l -> l.startsWith("Epoch")).toList());
    }

    @Test
    void relaunchOffRunsInProcessOnThePlainTwin() throws Exception {
        Result r = run(List.of("-Dclnn.relaunch=off"), train("c"));
        assertEquals(0, r.code, r.toString());
        assertFalse(r.out.contains("Vector API"), r.out);
        assertEquals("", r.err);
        assertFalse(Files.exists(cds), "no relaunch, no archive");
    }

    @Test
    void userErrorsKeepTheirExitCodeAndTheirOneLine() throws Exception {
        Result r = run(List.of(), "train", "--data", dir.resolve("missing.mat").toString(), "--device", "cpu");
        assertEquals(2, r.code, r.toString());
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.startsWith("error: ") && r.err.contains("no such file"), r.err);
        Result v = run(List.of(), "--version");
        assertEquals(0, v.code, v.toString());
        assertTrue(v.out.startsWith("clnn engine "), v.out);
    }

    @Test
    void theChildDiesWithItsParent() throws Exception {
        for (boolean sigkill : new boolean[] {true, false}) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dclnn.cds=off", "-jar", jar.toString()));
            cmd.addAll(List.of(train("d" + sigkill, 1_000_000)));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().remove(Relaunch.GUARD);
            Process parent = pb.start();
            try {
                Optional<ProcessHandle> child = Optional.empty();
                for (int i = 0; i < 600 && child.isEmpty(); i++) {
                    Thread.sleep(50);
                    child = parent.children().findFirst();
                }
                assertTrue(child.isPresent(), "the child JVM started");
                Thread.sleep(500);
                assertTrue(child.get().isAlive(), "the child trains");
                assertTrue(parent.isAlive(), "the parent waits for it");
                // SIGKILL: the child's watcher halts it; SIGTERM: the parent's shutdown hook ends it first.
                if (sigkill) parent.destroyForcibly(); else parent.destroy();
                assertTrue(parent.waitFor(30, TimeUnit.SECONDS));
                ProcessHandle c = child.get();
                for (int i = 0; i < 100 && c.isAlive(); i++) Thread.sleep(50);
                boolean gone = !c.isAlive();
                if (!gone) c.destroyForcibly();
                assertTrue(gone, "the child ends within 5 s of its parent's " + (sigkill ? "SIGKILL" : "SIGTERM"));
                if (!sigkill) assertEquals(143, parent.exitValue(), "SIGTERM's exit status");
            } finally {
                parent.descendants().forEach(ProcessHandle::destroyForcibly);
                parent.destroyForcibly();
            }
        }
    }
}
