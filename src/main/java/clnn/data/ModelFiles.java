package clnn.data;

import clnn.Activation;
import clnn.Dense;
import clnn.Input;
import clnn.Layer;
import clnn.ModelException;
import clnn.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * model.mat: a trained model that scipy.io.loadmat, Octave and MATLAB read as plain variables.
 * <pre>
 *   W1, b1, W2, b2, ...   double; W_l is (inputs x units), b_l is (1 x units)  (Keras's shapes)
 *   clnn_layers           char, widths from input to output, "400,25,15,10"
 *   clnn_activations      char, one per Dense layer, "relu,relu,linear"
 *   clnn_names            char, the layer names, "dense,dense_1,dense_2"
 *   clnn_label_mapping    char, "10->0" when stored label 10 means class 0, else "none"
 *   clnn_version          char, the engine version that wrote the file
 * </pre>
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** A model read back, and the label mapping it was trained with. */
    public record Loaded(Sequential model, String labelMapping) {
    }

    /** Writes atomically: an interrupted save leaves the previous file intact. */
    public static void save(Sequential model, Path file, String labelMapping) {
        MatFile.Writer w = new MatFile.Writer();
        StringBuilder widths = new StringBuilder().append(model.inputs());
        StringBuilder acts = new StringBuilder();
        StringBuilder names = new StringBuilder();
        float[] p = model.flatParams();
        for (int l = 1; l <= model.layerCount(); l++) {
            int in = model.shape().width(l - 1);
            int out = model.shape().width(l);
            w.floatsAsDoubles("W" + l, in, out, p, model.shape().weightOffset(l));
            w.floatsAsDoubles("b" + l, 1, out, p, model.shape().biasOffset(l));
            widths.append(',').append(out);
            acts.append(l > 1 ? "," : "").append(model.layer(l).activation().kerasName());
            names.append(l > 1 ? "," : "").append(model.layerName(l));
        }
        w.text("clnn_layers", widths.toString());
        w.text("clnn_activations", acts.toString());
        w.text("clnn_names", names.toString());
        w.text("clnn_label_mapping", labelMapping);
        w.text("clnn_version", Version.get());
        try {
            w.writeAtomically(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a model written by {@link #save}. */
    public static Loaded load(Path file) {
        Map<String, MatVariable> vars = MatFile.read(file);
        String layers = text(file, vars, "clnn_layers");
        String[] acts = text(file, vars, "clnn_activations").split(",");
        String[] names = text(file, vars, "clnn_names").split(",");
        int[] widths;
        try {
            widths = Arrays.stream(layers.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new ModelException(file + ": clnn_layers is '" + layers + "', not a list of widths; the file is damaged");
        }
        if (widths.length < 2 || acts.length != widths.length - 1 || names.length != widths.length - 1) {
            throw new ModelException(file + ": clnn_layers, clnn_activations and clnn_names disagree on the number of "
                    + "layers; the file is damaged");
        }
        Layer[] stack = new Layer[widths.length];
        stack[0] = new Input(widths[0]);
        for (int l = 1; l < widths.length; l++) stack[l] = new Dense(widths[l], Activation.parse(acts[l - 1]), names[l - 1]);
        Sequential model = new Sequential(stack);
        loadWeights(model, file, vars);
        MatVariable mapping = vars.get("clnn_label_mapping");
        return new Loaded(model, mapping == null ? "none" : text(file, vars, "clnn_label_mapping"));
    }

    /** Copies W1, b1, ... of a MAT file into a model, checking every shape (for --init-weights). */
    public static void loadWeights(Sequential model, Path file) {
        loadWeights(model, file, MatFile.read(file));
    }

    private static void loadWeights(Sequential model, Path file, Map<String, MatVariable> vars) {
        for (int l = 1; l <= model.layerCount(); l++) {
            int in = model.shape().width(l - 1);
            int out = model.shape().width(l);
            MatVariable w = numeric(file, vars, "W" + l, in, out);
            MatVariable b = numeric(file, vars, "b" + l, 1, out);
            float[][] kernel = new float[in][out];
            float[] bias = new float[out];
            for (int i = 0; i < in; i++) for (int j = 0; j < out; j++) kernel[i][j] = finite(file, w, w.at(i, j));
            for (int j = 0; j < out; j++) bias[j] = finite(file, b, b.values()[j]);
            model.setWeights(l, kernel, bias);
        }
        if (vars.containsKey("W" + (model.layerCount() + 1))) {
            throw new ModelException(file + ": has W" + (model.layerCount() + 1) + " but the model has only "
                    + model.layerCount() + " layers; match --layers to the file");
        }
    }

    private static MatVariable numeric(Path file, Map<String, MatVariable> vars, String name, int rows, int cols) {
        MatVariable v = vars.get(name);
        if (v == null) {
            throw new ModelException(file + ": no variable " + name + " (present: " + String.join(", ", vars.keySet())
                    + "); a clnn model holds W1,b1,W2,b2,... in Keras shapes");
        }
        boolean vectorOk = rows == 1 && v.isNumeric() && v.dims().length == 2 && v.elementCount() == cols
                && (v.dims()[0] == 1 || v.dims()[1] == 1);
        boolean matrixOk = v.isNumeric() && v.dims().length == 2 && v.dims()[0] == rows && v.dims()[1] == cols;
        if (!vectorOk && !matrixOk) {
            throw new ModelException(file + ": " + v.describe() + " should be " + rows + "x" + cols
                    + (rows == 1 ? " (a bias)" : " (inputs x units, Keras's kernel shape)") + " for this model");
        }
        return v;
    }

    private static float finite(Path file, MatVariable v, double d) {
        if (!Double.isFinite(d)) throw new ModelException(file + ": " + v.name() + " holds " + d + "; weights must be finite");
        return (float) d;
    }

    private static String text(Path file, Map<String, MatVariable> vars, String name) {
        MatVariable v = vars.get(name);
        if (v == null || v.text() == null) {
            throw new ModelException(file + ": no text variable " + name + "; this is not a model written by clnn "
                    + "(train with --out DIR writes DIR/model.mat)");
        }
        return v.text();
    }
}
