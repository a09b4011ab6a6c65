package clnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import clnn.Activation;
import clnn.Dense;
import clnn.Input;
import clnn.Sequential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * model.mat as a scipy user sees it: scipy.io.loadmat (Debian's python3-scipy, through the system
 * interpreter /usr/bin/python3) lists W1, b1, ... with Keras's shapes and reads the description.
 * Skipped where python3-scipy is missing, except in CI (CI=true), which installs it.
 */
class ModelScipyTest {
    @TempDir
    Path dir;

    @Test
    void scipyLoadsTheWeightsWithTheDocumentedShapes() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean scipy = Files.isExecutable(python) && run(python.toString(), "-c", "import scipy.io").exitCode == 0;
        if (!scipy) {
            if (ci) fail("CI=true but /usr/bin/python3 cannot import scipy.io; install python3-scipy");
            Assumptions.abort("python3-scipy is not installed");
        }
        Sequential m = new Sequential(new Input(400), new Dense(25, Activation.RELU), new Dense(15, Activation.RELU),
                new Dense(10, Activation.LINEAR));
        Path file = dir.resolve("model.mat");
        ModelFiles.save(m, file, clnn.data.LabelRemap.of(10));
        String script = String.join("\n",
                "import scipy.io, sys",
                "d = scipy.io.loadmat(sys.argv[1])",
                "for k in sorted(k for k in d if not k.startswith('__')):",
                "    v = d[k]",
                "    print(k, 'x'.join(map(str, v.shape)), v.dtype.kind, str(v[0]) if v.dtype.kind == 'U' else '')",
                "print('W1[3,7]', repr(float(d['W1'][3, 7])))");
        Result r = run(python.toString(), "-c", script, file.toString());
        assertEquals(0, r.exitCode, r.output);
        List<String> lines = r.output.lines().toList();
        assertTrue(lines.contains("W1 400x25 f "), r.output);
        assertTrue(lines.contains("b1 1x25 f "), r.output);
        assertTrue(lines.contains("W2 25x15 f "), r.output);
        assertTrue(lines.contains("b2 1x15 f "), r.output);
        assertTrue(lines.contains("W3 15x10 f "), r.output);
        assertTrue(lines.contains("b3 1x10 f "), r.output);
        assertTrue(lines.contains("clnn_layers 1 U 400,25,15,10"), r.output);
        assertTrue(lines.contains("clnn_activations 1 U relu,relu,linear"), r.output);
        assertTrue(lines.contains("clnn_label_mapping 1 U 10->0"), r.output);
        // Element (3, 7) of Keras's kernel: row 3 (input 3), column 7 (unit 7), the same float; index 0 is saved as W1.
        double expected = m.kernel(0)[3][7];
        assertTrue(r.output.contains("W1[3,7] " + expected), r.output + " expected " + expected);
    }

    record Result(int exitCode, String output) {
    }

    static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, out + "\n(timed out)");
        }
        return new Result(p.exitValue(), out);
    }
}
