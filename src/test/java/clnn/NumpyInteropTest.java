package clnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clnn and numpy reading each other's files, through the system interpreter /usr/bin/python3 (Debian's
 * python3-numpy, which CI installs with python3-scipy): files numpy writes (np.save, np.savez,
 * np.savez_compressed, Fortran order, other dtypes) load into the same data set, and the few numpy
 * lines the README gives reproduce clnn's logits from model.npz. Skipped where numpy is missing,
 * except in CI (CI=true).
 */
class NumpyInteropTest {
    /** The README's lines: model.npz to logits, with nothing but numpy. */
    static final String README_LINES = String.join("\n",
            "m = np.load(model)",
            "a = X",
            "for l, act in enumerate(str(m['clnn_activations']).split(','), start=1):",
            "    a = a @ m[f'W{l}'] + m[f'b{l}']",
            "    a = np.maximum(a, 0) if act == 'relu' else 1 / (1 + np.exp(-a)) if act == 'sigmoid' else a",
            "logits = a");

    @Test
    void theReadmeShowsTheseExactLines() throws Exception {
        String readme = Files.readString(Path.of("README.md")).replace("\r\n", "\n");
        assertTrue(readme.contains(README_LINES + "\n"), "README.md's numpy block holds README_LINES verbatim");
    }

    @TempDir
    Path dir;
    Path python = Path.of("/usr/bin/python3");

    @BeforeEach
    void needsNumpy() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean numpy = Files.isExecutable(python) && ModelScipyTest.run(python.toString(), "-c", "import numpy").exitCode() == 0;
        if (!numpy) {
            if (ci) fail("CI=true but /usr/bin/python3 cannot import numpy; install python3-numpy (python3-scipy brings it)");
            Assumptions.abort("python3-numpy is not installed");
        }
    }

    void python(String script, String... args) throws Exception {
        String[] cmd = new String[3 + args.length];
        cmd[0] = python.toString();
        cmd[1] = "-c";
        cmd[2] = script;
        System.arraycopy(args, 0, cmd, 3, args.length);
        ModelScipyTest.Result r = ModelScipyTest.run(cmd);
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void filesNumpyWritesLoadAsTheSameDataSet() throws Exception {
        python(String.join("\n",
                "import numpy as np, os, sys",
                "os.chdir(sys.argv[1])",
                "rng = np.random.default_rng(3)",
                "X = rng.normal(size=(30, 4))",
                "y = np.arange(30) % 3",
                "np.save('X.npy', X); np.save('y.npy', y)",
                "os.mkdir('f'); np.save('f/X.npy', np.asfortranarray(X.astype('>f4'))); np.save('f/y.npy', y.astype(np.uint8))",
                "np.savez('d.npz', X=X, y=y)",
                "np.savez_compressed('dc.npz', X=X.astype(np.float32), y=y.reshape(-1, 1).astype(np.int16))",
                "np.savetxt('d.csv', np.column_stack([y, X]), delimiter=',', header='label,a,b,c,d', comments='', fmt='%.17g')",
                "print(repr(float(X[7, 2])))"), dir.toString());
        DatasetLoader loader = DatasetLoader.defaults();
        Dataset npz = loader.load(dir.resolve("d.npz")).data();
        assertEquals(30, npz.rows());
        assertEquals(4, npz.features());
        assertEquals(3, npz.classes());
        for (String f : List.of("X.npy", "f/X.npy", "dc.npz", "d.csv")) {
            Dataset d = loader.load(dir.resolve(f)).data();
            assertArrayEquals(npz.x(), d.x(), f + ": the same X, row-major float32");
            assertArrayEquals(npz.y(), d.y(), f + ": the same labels");
        }
    }

    @Test
    void theReadmeLinesReproduceClnnsLogitsFromModelNpz() throws Exception {
        Sequential m = new Sequential(new Input(6), new Dense(9, Activation.RELU), new Dense(5, Activation.SIGMOID),
                new Dense(4, Activation.LINEAR));
        float[][] x = new float[20][6];
        java.util.Random rng = new java.util.Random(11);
        for (float[] row : x) for (int j = 0; j < row.length; j++) row[j] = (float) rng.nextGaussian();
        Path model = dir.resolve("model.npz");
        m.save(model);
        float[][] expected = m.predict(x);
        StringBuilder rows = new StringBuilder();
        for (float[] row : x) {
            for (int j = 0; j < row.length; j++) rows.append(j > 0 ? "," : "").append(row[j]);
            rows.append('\n');
        }
        Files.writeString(dir.resolve("X.txt"), rows);
        python(String.join("\n",
                "import numpy as np, sys",
                "model = sys.argv[1]",
                "X = np.loadtxt(sys.argv[2], delimiter=',', ndmin=2)",
                README_LINES,
                "np.savetxt(sys.argv[3], logits, fmt='%.9g')"),
                model.toString(), dir.resolve("X.txt").toString(), dir.resolve("logits.txt").toString());
        List<String> lines = Files.readAllLines(dir.resolve("logits.txt"));
        assertEquals(expected.length, lines.size());
        for (int i = 0; i < expected.length; i++) {
            String[] v = lines.get(i).trim().split("\\s+");
            assertEquals(expected[i].length, v.length);
            for (int j = 0; j < v.length; j++) {
                assertEquals(expected[i][j], Double.parseDouble(v[j]), 1e-4, "logit (" + i + ", " + j + ")");
            }
        }
        // np.load without allow_pickle, the metadata as plain strings, Keras's shapes.
        ModelScipyTest.Result r = ModelScipyTest.run(python.toString(), "-c", String.join("\n",
                "import numpy as np, sys",
                "m = np.load(sys.argv[1])",
                "for k in sorted(m.files): print(k, m[k].shape, m[k].dtype.str, str(m[k]) if m[k].dtype.kind == 'U' else '')"),
                model.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("W1 (6, 9) <f4"), r.output());
        assertTrue(r.output().contains("b1 (9,) <f4"), r.output());
        assertTrue(r.output().contains("clnn_layers () <U7 6,9,5,4"), r.output());
        assertTrue(r.output().contains("clnn_activations () <U19 relu,sigmoid,linear"), r.output());
        assertTrue(r.output().contains("clnn_label_mapping () <U4 none"), r.output());
        // And clnn reads its .npz back as the same model.
        assertArrayEquals(m.flatParams(), Sequential.load(model).flatParams());
    }
}
