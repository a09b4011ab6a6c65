package clnn;

import clnn.data.Version;
import clnn.data.LabelRemap;
import clnn.data.mat.MatVariable;
import clnn.data.mat.MatFile;
import clnn.data.npy.NpyFiles;
import clnn.data.npy.NpzWriter;
import clnn.Activation;
import clnn.Dense;
import clnn.Input;
import clnn.Layer;
import clnn.ModelException;
import clnn.Sequential;
import clnn.train.MemoryBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * model.mat: a trained model that scipy.io.loadmat, Octave and MATLAB read as plain variables; and
 * model.npz, the same arrays for numpy and PyTorch ({@code np.load}, no pickle): the format follows
 * the file name's extension.
 * <pre>
 *   W1, b1, W2, b2, ...   double; W_l is (inputs x units), b_l is (1 x units)  (Keras's shapes)
 *   clnn_layers           char, widths from input to output, "400,25,15,10"
 *   clnn_activations      char, one per Dense layer, "relu,relu,linear"
 *   clnn_names            char, the layer names, "dense,dense_1,dense_2"
 *   clnn_label_mapping    char, "10->0" when stored label 10 means class 0, else "none"
 *   clnn_version          char, the engine version that wrote the file
 * </pre>
 * In a .npz, W_l and b_l are float32 (the model's own values), b_l has Keras's shape (units,), and
 * the clnn_* texts are 0-d Unicode arrays ('&lt;U'): {@code str(np.load(f)["clnn_layers"])}.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * A model read back, and the label mapping it was trained with.
     *
     * @param model  the model, with the layers, names and weights of the file
     * @param labels which stored label means class 0 in data for this model (validated when read)
     */
    public record Loaded(Sequential model, LabelRemap labels) {
        /**
         * As stored: "none", or "K-&gt;0" when stored label K means class 0.
         *
         * @return the mapping's text
         */
        public String labelMapping() {
            return labels.text();
        }

        /**
         * The K of "K-&gt;0", or -1 for none.
         *
         * @return the stored label that means class 0, or -1
         */
        public int mappedLabel() {
            return labels.storedAsZero();
        }
    }

    /**
     * Writes atomically: an interrupted save leaves the previous file intact. A name ending in .npz
     * writes NumPy's format, any other name a MAT file.
     *
     * @param model  the model to save
     * @param file   the .mat or .npz to write
     * @param labels which stored label means class 0 in the data the model was trained on
     * @throws ModelException when an argument is null
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void save(Sequential model, Path file, LabelRemap labels) {
        if (model == null) throw new ModelException("ModelFiles.save: the model is null; pass the Sequential to save");
        if (file == null) throw new ModelException("ModelFiles.save: the file is null; pass the path of the .mat to write");
        if (labels == null) throw new ModelException("ModelFiles.save: the label mapping is null; pass LabelRemap.NONE");
        ModelSink sink = isNpz(file) ? npzSink() : matSink();
        StringBuilder widths = new StringBuilder().append(model.inputs());
        StringBuilder acts = new StringBuilder();
        StringBuilder names = new StringBuilder();
        float[] p = model.flatParams();
        for (int l = 1; l <= model.layerCount(); l++) {
            int in = model.shape().width(l - 1);
            int out = model.shape().width(l);
            sink.kernel("W" + l, in, out, p, model.shape().weightOffset(l));
            sink.bias("b" + l, out, p, model.shape().biasOffset(l));
            widths.append(',').append(out);
            acts.append(l > 1 ? "," : "").append(model.layer(l - 1).activation().kerasName());
            names.append(l > 1 ? "," : "").append(model.layerName(l - 1));
        }
        sink.text("clnn_layers", widths.toString());
        sink.text("clnn_activations", acts.toString());
        sink.text("clnn_names", names.toString());
        sink.text("clnn_label_mapping", labels.text());
        sink.text("clnn_version", Version.get());
        try {
            sink.writeAtomically(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code file} names a .npz (by its extension, as {@link #save} decides). */
    static boolean isNpz(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npz");
    }

    /**
     * Where {@link #save} puts a model's arrays: one layout of the names (W1, b1, ..., clnn_*) for both formats, each
     * file keeping its own conventions for shapes and types.
     */
    private interface ModelSink {
        void kernel(String name, int inputs, int units, float[] params, int offset);

        void bias(String name, int units, float[] params, int offset);

        void text(String name, String value);

        void writeAtomically(Path file) throws IOException;
    }

    /** model.mat: doubles (what MATLAB, Octave and scipy expect by default); a bias is 1 x units (MAT has no 1-D). */
    private static ModelSink matSink() {
        MatFile.Writer w = new MatFile.Writer();
        return new ModelSink() {
            @Override
            public void kernel(String name, int inputs, int units, float[] params, int offset) {
                w.floatsAsDoubles(name, inputs, units, params, offset);
            }

            @Override
            public void bias(String name, int units, float[] params, int offset) {
                w.floatsAsDoubles(name, 1, units, params, offset);
            }

            @Override
            public void text(String name, String value) {
                w.text(name, value);
            }

            @Override
            public void writeAtomically(Path file) throws IOException {
                w.writeAtomically(file);
            }
        };
    }

    /** model.npz: float32, the model's own values; a bias is (units,), as Keras and PyTorch hold it; texts as '<U'. */
    private static ModelSink npzSink() {
        NpzWriter w = new NpzWriter();
        return new ModelSink() {
            @Override
            public void kernel(String name, int inputs, int units, float[] params, int offset) {
                w.floats(name, new int[] {inputs, units}, params, offset);
            }

            @Override
            public void bias(String name, int units, float[] params, int offset) {
                w.floats(name, new int[] {units}, params, offset);
            }

            @Override
            public void text(String name, String value) {
                w.text(name, value);
            }

            @Override
            public void writeAtomically(Path file) throws IOException {
                w.writeAtomically(file);
            }
        };
    }

    /** Every variable of a model file, a .npz (told by content) or a MAT file. */
    private static Map<String, MatVariable> variables(Path file) {
        return clnn.data.DataFormat.byContent(file) == clnn.data.DataFormat.NPZ ? NpyFiles.readAll(file) : MatFile.read(file);
    }

    /**
     * Reads a model written by {@link #save} (a MAT file or a .npz). Every variable is checked (present, numeric, shaped as
     * clnn_layers says, finite) before the model is built, so a damaged file is one line naming the
     * file and the variable, and a file claiming huge layers allocates nothing first.
     *
     * @param file the model.mat or model.npz (told apart by content)
     * @return the model and the label mapping it was trained with
     * @throws ModelException when the file is null, or a variable is missing, malformed or disagrees with clnn_layers
     * @throws clnn.DataException when the file is not a readable MAT file or .npz
     */
    public static Loaded load(Path file) {
        if (file == null) throw new ModelException("ModelFiles.load: the file is null; pass the path of a model.mat");
        Map<String, MatVariable> vars = variables(file);
        String layers = text(file, vars, "clnn_layers");
        String[] acts = text(file, vars, "clnn_activations").split(",", -1);
        String[] names = text(file, vars, "clnn_names").split(",", -1);
        int[] widths = widths(file, layers);
        if (acts.length != widths.length - 1 || names.length != widths.length - 1) {
            throw new ModelException(file + ": clnn_layers '" + Text.printable(layers) + "' has " + (widths.length - 1)
                    + " layers but clnn_activations has " + acts.length + " and clnn_names " + names.length
                    + "; the file is damaged");
        }
        Activation[] activations = new Activation[acts.length];
        for (int l = 0; l < acts.length; l++) {
            try {
                activations[l] = Activation.parse(acts[l]);
            } catch (ModelException e) {
                throw new ModelException(file + ": clnn_activations entry " + (l + 1) + " is '" + Text.printable(acts[l], 40)
                        + "', not relu, linear or sigmoid; the file is damaged", e);
            }
        }
        // Every shape against clnn_layers before anything is allocated for the model.
        for (int l = 1; l < widths.length; l++) {
            numeric(file, vars, "W" + l, widths[l - 1], widths[l]);
            numeric(file, vars, "b" + l, 1, widths[l]);
        }
        String mapping = vars.containsKey("clnn_label_mapping") ? text(file, vars, "clnn_label_mapping") : "none";
        LabelRemap labels = LabelRemap.parse(mapping).orElse(null);
        if (labels == null) {
            throw new ModelException(file + ": clnn_label_mapping is '" + Text.printable(mapping, 40) + "', not \"none\" "
                    + "or \"K->0\" with K a positive whole number; the file is damaged (retrain, or fix the variable)");
        }
        long params = 0;
        long largestKernel = 0;
        for (int l = 1; l < widths.length; l++) {
            params += (long) widths[l - 1] * widths[l] + widths[l];
            largestKernel = Math.max(largestKernel, (long) widths[l - 1] * widths[l]);
        }
        // The params array plus one layer's kernel copied on its way in (setWeights takes rows).
        MemoryBudget.require(4 * (params + largestKernel), file + ": the model " + java.util.Arrays.stream(widths).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining("-"))
                + " (" + params + " parameters)", "load it on a machine with more memory");
        Layer[] stack = new Layer[widths.length];
        Sequential model;
        try {
            stack[0] = new Input(widths[0]);
            for (int l = 1; l < widths.length; l++) stack[l] = new Dense(widths[l], activations[l - 1], names[l - 1]);
            model = new Sequential(stack);
        } catch (ModelException e) {
            throw new ModelException(file + ": " + e.getMessage(), e);
        }
        loadWeights(model, file, vars);
        return new Loaded(model, labels);
    }

    /**
     * Copies W1, b1, ... of a MAT file (or a .npz) into a model, checking every shape (for --init-weights).
     *
     * @param model the model to fill
     * @param file  a model file with W1, b1, ... of the model's shapes
     *
     * @throws ModelException when an argument is null or a variable is missing, mis-shaped or not finite
     */
    public static void loadWeights(Sequential model, Path file) {
        if (model == null) throw new ModelException("ModelFiles.loadWeights: the model is null; pass the Sequential to fill");
        if (file == null) throw new ModelException("ModelFiles.loadWeights: the file is null; pass the path of a .mat with W1,b1,...");
        loadWeights(model, file, variables(file));
    }

    /** clnn_layers as widths, each a whole number of at least 1, at least an input and one layer. */
    private static int[] widths(Path file, String layers) {
        String[] parts = layers.split(",", -1);
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String t = parts[i].trim();
            long v = -1;
            if (!t.isEmpty() && t.length() <= 10 && t.chars().allMatch(c -> c >= '0' && c <= '9')) v = Long.parseLong(t);
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw new ModelException(file + ": clnn_layers is '" + Text.printable(layers, 80) + "'; entry " + (i + 1)
                        + " is not a width of at least 1; the file is damaged (widths look like 400,25,15,10)");
            }
            widths[i] = (int) v;
        }
        if (widths.length < 2) {
            throw new ModelException(file + ": clnn_layers is '" + Text.printable(layers, 80) + "', fewer than an input "
                    + "and one layer; the file is damaged (widths look like 400,25,15,10)");
        }
        return widths;
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
            model.setWeights(l - 1, kernel, bias);
        }
        if (vars.containsKey("W" + (model.layerCount() + 1))) {
            throw new ModelException(file + ": has W" + (model.layerCount() + 1) + " but the model has only "
                    + model.layerCount() + " layers; match --layers to the file");
        }
    }

    private static MatVariable numeric(Path file, Map<String, MatVariable> vars, String name, int rows, int cols) {
        MatVariable v = vars.get(name);
        if (v == null) {
            throw new ModelException(file + ": no variable " + name + " (present: " + Text.list(vars.keySet(), 12)
                    + "); a clnn model holds W1,b1,W2,b2,... in Keras shapes");
        }
        boolean vectorOk = rows == 1 && v.isNumeric() && v.dims() != null && v.elementCount() == cols
                && (v.dims().length == 1 || (v.dims().length == 2 && (v.dims()[0] == 1 || v.dims()[1] == 1)))
                && v.values().length == cols;
        boolean matrixOk = v.isNumeric() && v.dims() != null && v.dims().length == 2 && v.dims()[0] == rows && v.dims()[1] == cols
                && v.values().length == (long) rows * cols;
        if (!vectorOk && !matrixOk) {
            throw new ModelException(file + ": " + Text.printable(v.describe()) + " should be " + rows + "x" + cols
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
            throw new ModelException(file + ": no text variable " + name + (v == null ? "" : " (it is "
                    + Text.printable(v.describe()) + ")") + "; this is not a model written by clnn "
                    + "(train with --out DIR writes DIR/model.mat)");
        }
        return v.text();
    }
}
