package clnn.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jars as a user gets them (run by failsafe after {@code package}): engine.jar copied to a folder with no
 * checkout around it trains, shows and evaluates the bundled digits, and the library jar carries neither the data nor
 * anything of the command line's dependencies.
 */
class EngineJarIT {
    @TempDir
    static Path elsewhere;
    static Path engineJar;
    static Path cache;

    @BeforeAll
    static void copyTheJarAway() throws IOException {
        Path built = Path.of(System.getProperty("clnn.engineJar", "target/engine.jar"));
        assertTrue(Files.isRegularFile(built), built + " is built by `mvn package` before the integration tests");
        engineJar = Files.copy(built, elsewhere.resolve("engine.jar"));
        cache = Files.createDirectories(elsewhere.resolve("cache"));
    }

    /** Runs {@code java -jar engine.jar args} in the folder {@link #elsewhere}; returns exit code and output. */
    private static Result engine(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dclnn.cds=off", "-jar", engineJar.toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(elsewhere, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(elsewhere.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "engine " + String.join(" ", args) + " finished");
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Result(int code, String output) {
    }

    @Test
    void trainShowAndEvaluateTheBundledDigitsFromAnyFolder() throws Exception {
        assertFalse(Files.exists(elsewhere.resolve("data")), "no checkout data next to the jar");

        Result train = engine("train", "--epochs", "2", "--device", "cpu", "--out", "run");
        assertEquals(0, train.code(), train.output());
        assertTrue(train.output().contains("using the copy inside engine.jar"), train.output());
        assertTrue(train.output().contains("5000 rows, 400 features, 10 classes"), train.output());
        assertTrue(train.output().contains("test accuracy"), "the bundled test set is found too:\n" + train.output());
        assertTrue(Files.size(elsewhere.resolve("run/model.mat")) > 10_000);

        Result show = engine("show", "--out", "digits.png");
        assertEquals(0, show.code(), show.output());
        assertTrue(Files.size(elsewhere.resolve("digits.png")) > 1000);

        Result evaluate = engine("evaluate", "--model", "run/model.mat", "--data", "data/digits-test.mat", "--device", "cpu");
        assertEquals(0, evaluate.code(), evaluate.output());
        assertTrue(evaluate.output().contains("accuracy"), evaluate.output());

        Result second = engine("train", "--epochs", "1", "--device", "cpu", "--out", "run2");
        assertEquals(0, second.code(), second.output());
        try (var copies = Files.list(cache.resolve("clnn/data"))) {
            assertEquals(2, copies.filter(f -> f.toString().endsWith(".mat")).count(), "one cached copy per bundled file");
        }
    }

    @Test
    void theLibraryJarCarriesNeitherTheDataNorTheCommandLinesDependencies() throws Exception {
        Path library = engineJar.getParent() == null ? null
                : Path.of(System.getProperty("clnn.engineJar", "target/engine.jar")).resolveSibling("clnn-"
                + System.getProperty("clnn.version", "0.1.0") + ".jar");
        assertTrue(library != null && Files.isRegularFile(library), library + " is built");
        try (JarFile jar = new JarFile(library.toFile())) {
            assertTrue(jar.getEntry("clnn/data/digits-train.mat") == null, "no data in the library jar");
            assertTrue(jar.getEntry("picocli/CommandLine.class") == null, "no picocli classes in the library jar");
            assertEquals("clnn", jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
            assertEquals(System.getProperty("clnn.version", "0.1.0"),
                    jar.getManifest().getMainAttributes().getValue("Implementation-Version"));
        }
        try (JarFile jar = new JarFile(engineJar.toFile())) {
            assertTrue(jar.getEntry("clnn/data/digits-train.mat") != null, "engine.jar bundles the training digits");
            assertTrue(jar.getEntry("clnn/data/digits-test.mat") != null, "engine.jar bundles the test digits");
        }
    }
}
