package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Activation;
import clnn.Dense;
import clnn.Input;
import clnn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect on every format the loader reads, and train's model.npz beside model.mat, loadable by evaluate. */
class InspectFormatsTest {
    @TempDir
    Path dir;

    @Test
    void inspectListsCsvNpzAndNpy() throws Exception {
        Path csv = Files.writeString(dir.resolve("d.csv"), "x1,label,x2\n0.5,1,2\n1.5,3,4\n2.5,1,6\n");
        CliRun c = CliRun.of("inspect", csv.toString());
        assertEquals(0, c.exitCode(), c.toString());
        assertTrue(c.out().contains("CSV, 3 rows, 3 columns"), c.out());
        assertTrue(c.out().contains("columns: x1, label, x2"), c.out());
        assertTrue(c.out().contains("label column 'label': labels 1..3 (2 distinct); features: the other 2 columns"), c.out());
        CliRun other = CliRun.of("inspect", "--data", csv.toString(), "--label-column", "digit");
        assertTrue(other.out().contains("no label column 'digit'; name it with --label-column"), other.out());

        Sequential m = new Sequential(new Input(3), new Dense(2, Activation.LINEAR));
        Path npz = dir.resolve("m.npz");
        m.save(npz);
        CliRun z = CliRun.of("inspect", npz.toString());
        assertEquals(0, z.exitCode(), z.toString());
        assertTrue(z.out().contains("NumPy .npz, 7 arrays"), z.out());
        assertTrue(z.out().matches("(?s).*W1\\s+\\(3, 2\\)\\s+float32.*"), z.out());
        assertTrue(z.out().matches("(?s).*b1\\s+\\(2,\\)\\s+float32.*"), z.out());
        assertTrue(z.out().matches("(?s).*clnn_layers\\s+\\(1, 1\\)\\s+str\\s+'3,2'.*"), z.out());

        Path npy = dir.resolve("X.npy");
        new clnn.data.npy.NpzWriter().floats("X", new int[] {2, 2}, new float[] {1, 2, 3, 4}, 0).writeAtomically(dir.resolve("x.npz"));
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(dir.resolve("x.npz").toFile())) {
            Files.write(npy, zip.getInputStream(zip.getEntry("X.npy")).readAllBytes());
        }
        CliRun y = CliRun.of("inspect", npy.toString());
        assertEquals(0, y.exitCode(), y.toString());
        assertTrue(y.out().contains("NumPy .npy, 1 array") && y.out().matches("(?s).*X\\s+\\(2, 2\\)\\s+float32.*"), y.out());
        assertTrue(y.out().contains("y.npy next to it"), y.out());
    }

    @Test
    void trainWritesModelNpzThatEvaluateReadsLikeModelMat() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 30; i++) csv.append(i % 2).append(',').append((i + 1) % 2).append(',').append(i % 2).append('\n');
        Path data = Files.writeString(dir.resolve("d.csv"), csv);
        Path run = dir.resolve("run");
        CliRun t = CliRun.of("train", "--data", data.toString(), "--device", "cpu", "--epochs", "2", "--layers", "3",
                "--verbose", "0", "--out", run.toString());
        assertEquals(0, t.exitCode(), t.toString());
        assertTrue(Files.exists(run.resolve("model.npz")) && Files.exists(run.resolve("model.mat")));
        CliRun mat = CliRun.of("evaluate", "--model", run.resolve("model.mat").toString(), "--data", data.toString());
        CliRun npz = CliRun.of("evaluate", "--model", run.resolve("model.npz").toString(), "--data", data.toString());
        assertEquals(0, npz.exitCode(), npz.toString());
        assertEquals(mat.out(), npz.out(), "the same model either way");
    }
}
