package clnn;

import clnn.data.MatFixtures;
import clnn.data.mat.MatFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.ClnnException;
import clnn.DataException;
import clnn.History;
import clnn.ModelException;
import clnn.reliability.Refusal;
import clnn.TrainingState;
import com.jmatio.types.MLArray;
import com.jmatio.types.MLChar;
import com.jmatio.types.MLDouble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damaged model.mat and checkpoint.mat files: each is one line naming the file and the variable
 * (before: NullPointerException, ArrayIndexOutOfBounds or NumberFormatException), a model file that
 * claims huge layers allocates nothing before its shape error, and a checkpoint holding NaN or
 * infinite values is refused instead of being resumed.
 */
class ModelFileDamageTest {
    static Path dir;
    static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("clnn-damage");
        double[] x = new double[30 * 4];
        for (int i = 0; i < x.length; i++) x[i] = (i * 37 % 11) / 11.0;
        byte[] y = new byte[30];
        for (int i = 0; i < 30; i++) y[i] = (byte) (i % 2);
        data = dir.resolve("data.mat");
        new MatFile.Writer().doubles("X", 30, 4, x).uint8Column("y", y).writeAtomically(data);
    }

    /** The variables of a valid 4-3-2 model.mat; tests replace or remove some. */
    static Map<String, MLArray> model() {
        Map<String, MLArray> v = new LinkedHashMap<>();
        v.put("W1", ones("W1", 4, 3));
        v.put("b1", ones("b1", 1, 3));
        v.put("W2", ones("W2", 3, 2));
        v.put("b2", ones("b2", 1, 2));
        v.put("clnn_layers", new MLChar("clnn_layers", "4,3,2"));
        v.put("clnn_activations", new MLChar("clnn_activations", "relu,linear"));
        v.put("clnn_names", new MLChar("clnn_names", "dense,dense_1"));
        v.put("clnn_label_mapping", new MLChar("clnn_label_mapping", "none"));
        return v;
    }

    static MLDouble ones(String name, int rows, int cols) {
        double[] d = new double[rows * cols];
        java.util.Arrays.fill(d, 0.5);
        return new MLDouble(name, d, rows);
    }

    static Path write(String fileName, Map<String, MLArray> vars) throws Exception {
        Path f = dir.resolve(fileName);
        Files.createDirectories(f.getParent());
        MatFixtures.write(f, vars.values().toArray(new MLArray[0]));
        return f;
    }

    /** Loads a damaged model and returns the one-line message, which must name the file. */
    static String modelError(String fileName, Map<String, MLArray> vars, String... fragments) throws Exception {
        Path f = write(fileName, vars);
        return oneLine(ModelException.class, () -> ModelFiles.load(f), f, fragments);
    }

    /** The call throws {@code type} with one line that starts with the file's name and holds every fragment. */
    static String oneLine(Class<? extends ClnnException> type, org.junit.jupiter.api.function.Executable call, Path f,
                          String... fragments) {
        String m = assertThrows(type, call).getMessage();
        assertEquals(1, m.lines().count(), m);
        assertTrue(m.startsWith(f.toString()), "names the file: " + m);
        for (String s : fragments) assertTrue(m.contains(s), "'" + m + "' mentions '" + s + "'");
        return m;
    }

    @Test
    void validModelLoadsWithItsTypedLabelMapping() throws Exception {
        Map<String, MLArray> v = model();
        v.put("clnn_label_mapping", new MLChar("clnn_label_mapping", "10->0"));
        ModelFiles.Loaded m = ModelFiles.load(write("ok.mat", v));
        assertEquals(10, m.mappedLabel());
        assertEquals("10->0", m.labelMapping());
        assertEquals(-1, ModelFiles.load(write("none.mat", model())).mappedLabel());
        Map<String, MLArray> old = model();
        old.remove("clnn_label_mapping");
        assertEquals(-1, ModelFiles.load(write("old.mat", old)).mappedLabel(), "files without the variable: none");
    }

    @Test
    void missingAndMisshapedVariablesNameTheVariable() throws Exception {
        Map<String, MLArray> v = model();
        v.remove("W2");
        modelError("noW2.mat", v, "no variable W2");
        v = model();
        v.put("W1", ones("W1", 3, 3));
        modelError("W1.mat", v, "W1 (3x3 double) should be 4x3");
        v = model();
        v.put("b2", new MLChar("b2", "ab"));
        modelError("b2char.mat", v, "b2 (1x2 char) should be 1x2");
        v = model();
        v.remove("clnn_layers");
        modelError("nolayers.mat", v, "no text variable clnn_layers");
        v = model();
        v.put("clnn_layers", ones("clnn_layers", 1, 3));
        modelError("numlayers.mat", v, "no text variable clnn_layers (it is clnn_layers (1x3 double))");
        v = model();
        double[] nan = new double[12];
        nan[5] = Double.NaN;
        v.put("W1", new MLDouble("W1", nan, 4));
        modelError("nan.mat", v, "W1 holds NaN");
    }

    @Test
    void layersActivationsNamesAndMappingAreValidated() throws Exception {
        Map<String, MLArray> v = model();
        v.put("clnn_layers", new MLChar("clnn_layers", "4,x,2"));
        modelError("x.mat", v, "clnn_layers is '4,x,2'; entry 2 is not a width of at least 1");
        v.put("clnn_layers", new MLChar("clnn_layers", "4,0,2"));
        modelError("zero.mat", v, "entry 2 is not a width");
        v.put("clnn_layers", new MLChar("clnn_layers", "4,99999999999,2"));
        modelError("huge.mat", v, "entry 2 is not a width");
        v.put("clnn_layers", new MLChar("clnn_layers", "4,\u001b[31m,2"));
        String m = modelError("escape.mat", v, "4,\\e[31m,2");
        assertTrue(m.chars().noneMatch(Character::isISOControl), m);
        v.put("clnn_layers", new MLChar("clnn_layers", "4"));
        modelError("one.mat", v, "fewer than an input and one layer");
        v = model();
        v.put("clnn_activations", new MLChar("clnn_activations", "relu,tanh"));
        modelError("tanh.mat", v, "clnn_activations entry 2 is 'tanh'");
        v = model();
        v.put("clnn_names", new MLChar("clnn_names", "dense"));
        modelError("names.mat", v, "has 2 layers but clnn_activations has 2 and clnn_names 1");
        v = model();
        v.put("clnn_names", new MLChar("clnn_names", "a,a"));
        modelError("dup.mat", v, "two layers are named 'a'");
        for (String bad : new String[] {"x->0", "99999999999->0", "0->0", "-3->0", "10->1", ""}) {
            v = model();
            v.put("clnn_label_mapping", new MLChar("clnn_label_mapping", bad));
            modelError("map.mat", v, "clnn_label_mapping is '" + bad + "'");
        }
    }

    @Test
    void hugeLayersAreCheckedAgainstTheWeightsBeforeAnythingIsAllocated() throws Exception {
        // Before: a 4,20000,20000,3 claim built the model (1.6 GB) before W1's shape was looked at.
        Map<String, MLArray> v = model();
        v.put("clnn_layers", new MLChar("clnn_layers", "4,20000,20000,3"));
        v.put("clnn_activations", new MLChar("clnn_activations", "relu,relu,linear"));
        v.put("clnn_names", new MLChar("clnn_names", "a,b,c"));
        Path f = write("claims/model.mat", v);
        Refusal r = Refusal.runChild(256, 30, "evaluate", "--model", f.toString(), "--data", data.toString());
        r.assertRefused(f.toString(), "W1 (4x3 double) should be 4x20000").record("api", "model.mat whose clnn_layers "
                + "claims 4,20000,20000,3 (child JVM, -Xmx256m)", dir);
    }

    @Test
    void damagedModelsThroughTheCommandLine() throws Exception {
        Map<String, MLArray> v = model();
        v.put("clnn_label_mapping", new MLChar("clnn_label_mapping", "x->0"));
        Path f = write("cli-map/model.mat", v);
        Refusal.run("evaluate", "--model", f.toString(), "--data", data.toString())
                .assertRefused(f.toString(), "clnn_label_mapping is 'x->0'").record("api", "model.mat with label mapping x->0", dir);
        v = model();
        v.put("clnn_layers", new MLChar("clnn_layers", "4,three,2"));
        f = write("cli-layers/model.mat", v);
        Refusal.run("predict", "--model", f.toString(), "--data", data.toString(), "--index", "0")
                .assertRefused(f.toString(), "clnn_layers is '4,three,2'").record("api", "model.mat with clnn_layers 4,three,2", dir);
    }

    // ---- checkpoint.mat ----

    static final int P = 5;

    /** The variables of a valid checkpoint after 2 epochs with early stopping. */
    static Map<String, MLArray> checkpoint() {
        Map<String, MLArray> v = new LinkedHashMap<>();
        v.put("params", ones("params", 1, P));
        v.put("adam_m", ones("adam_m", 1, P));
        v.put("adam_v", ones("adam_v", 1, P));
        v.put("adam_step", new MLDouble("adam_step", new double[] {4}, 1));
        v.put("epochs_done", new MLDouble("epochs_done", new double[] {2}, 1));
        double[] hist = new double[2 * 7];
        for (int c = 0; c < 7; c++) {
            hist[c * 2] = c == 0 ? 1 : c == 6 ? 2 : 0.5;
            hist[c * 2 + 1] = c == 0 ? 2 : c == 6 ? 2 : 0.4;
        }
        v.put("history", new MLDouble("history", hist, 2));
        v.put("best_params", ones("best_params", 1, P));
        v.put("best", new MLDouble("best", new double[] {0.4, 2, 0}, 1));
        v.put("clnn_args", new MLChar("clnn_args", "--epochs\n3"));
        v.put("data_fingerprint", new MLChar("data_fingerprint", "abc:30x4"));
        return v;
    }

    static String checkpointError(String folder, Map<String, MLArray> vars, String... fragments) throws Exception {
        Path d = dir.resolve(folder);
        Path f = write(folder + "/" + CheckpointFiles.FILE, vars);
        return oneLine(DataException.class, () -> CheckpointFiles.load(d), f, fragments);
    }

    @Test
    void validCheckpointLoads() throws Exception {
        write("cp-ok/" + CheckpointFiles.FILE, checkpoint());
        CheckpointFiles.Loaded cp = CheckpointFiles.load(dir.resolve("cp-ok"));
        assertEquals(2, cp.state().epochsDone());
        assertEquals(4, cp.state().adamStep());
        assertEquals(2, cp.state().history().size());
        assertEquals(2, cp.state().bestEpoch());
        assertEquals(List.of("--epochs", "3"), cp.args());
    }

    @Test
    void missingOrMalformedVariablesNameTheVariable() throws Exception {
        for (String name : new String[] {"params", "adam_m", "adam_v", "adam_step", "epochs_done", "history", "best",
            "clnn_args", "data_fingerprint"}) {
            Map<String, MLArray> v = checkpoint();
            v.remove(name);
            checkpointError("cp-no-" + name, v, "the checkpoint's " + name + " is missing");
        }
        Map<String, MLArray> v = checkpoint();
        v.put("params", new MLChar("params", "hello"));
        checkpointError("cp-text", v, "params (1x5 char), not 1 x P numbers");
        v = checkpoint();
        v.put("adam_m", ones("adam_m", 1, P - 1));
        checkpointError("cp-short", v, "adam_m (1x4 double), not 1 x 5 numbers");
        v = checkpoint();
        v.put("adam_step", new MLChar("adam_step", "four"));
        checkpointError("cp-step", v, "adam_step (1x4 char), not one whole number");
        v = checkpoint();
        v.put("epochs_done", new MLDouble("epochs_done", new double[] {1.5}, 1));
        checkpointError("cp-done", v, "epochs_done (1x1 double), not one whole number");
        v = checkpoint();
        v.put("history", ones("history", 1, 7));
        checkpointError("cp-hist", v, "history (1x7 double), not 2 x 7 numbers");
        v = checkpoint();
        // Before: best shorter than 3 beside best_params was an ArrayIndexOutOfBounds.
        v.put("best", new MLDouble("best", new double[] {0.4, 2}, 1));
        checkpointError("cp-best", v, "best (1x2 double), not 1 x 3 numbers");
    }

    @Test
    void nanOrInfiniteStateIsNotAUsableCheckpoint() throws Exception {
        Map<String, MLArray> v = checkpoint();
        v.put("params", new MLDouble("params", new double[] {0, 1, Double.NaN, 2, 3}, 1));
        checkpointError("cp-nan", v, "params holds NaN parameters (the first at index 2); it is not a usable checkpoint");
        v = checkpoint();
        v.put("adam_v", new MLDouble("adam_v", new double[] {0, 1, 2, Double.POSITIVE_INFINITY, 3}, 1));
        checkpointError("cp-inf", v, "adam_v holds infinite moments");
        v = checkpoint();
        v.put("best_params", new MLDouble("best_params", new double[] {0, 1e300, 2, 3, 4}, 1));
        checkpointError("cp-big", v, "best_params holds infinite parameters");
    }

    @Test
    void resumingANaNCheckpointIsRefusedOnTheCommandLine() throws Exception {
        // Written by the real writer: a state whose weights became NaN (what a diverged run would leave).
        float[] p = {0.1f, Float.NaN, 0.3f};
        TrainingState s = new TrainingState(1, 3, p, new float[3], new float[3],
                new ArrayList<>(List.of(new History.Epoch(1, Double.NaN, 0.5, Double.NaN, Double.NaN, 0.1, 3))), null,
                Double.NaN, 0, 0);
        Path run = dir.resolve("nan-run");
        Files.createDirectories(run);
        CheckpointFiles.save(run.resolve(CheckpointFiles.FILE), s, List.of("--data", data.toString()), "x");
        Refusal.run("train", "--resume", run.toString(), "--device", "cpu")
                .assertRefused(CheckpointFiles.FILE, "params holds NaN parameters", "not a usable checkpoint")
                .record("api", "train --resume of a checkpoint holding NaN parameters", dir);
    }
}
