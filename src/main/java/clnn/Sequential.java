package clnn;

import clnn.backend.Backend;
import clnn.backend.Backends;
import clnn.backend.cpu.HostArrayBackend;
import clnn.data.Dataset;
import clnn.data.LabelRemap;
import clnn.train.Glorot;
import clnn.train.Inference;
import clnn.train.KerasProgress;
import clnn.train.MemoryBudget;
import clnn.train.NetworkShape;
import clnn.train.Rng;
import clnn.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stack of layers, shaped like Keras's Sequential:
 * <pre>{@code
 * try (Sequential model = new Sequential(new Input(400),
 *         new Dense(25, Activation.RELU), new Dense(15, Activation.RELU), new Dense(10, Activation.LINEAR))) {
 *     model.compile(Loss.sparseCategoricalCrossentropy(true), new Adam(0.001f));
 *     History h = model.fit(train, new FitOptions().epochs(40).batchSize(32));
 *     float[][] logits = model.predict(x);
 * }
 * }</pre>
 * Weights are Glorot-uniform with zero biases, seeded (seed 1 unless {@link #initialize} says
 * otherwise). Kernels have Keras's shape (inputs, units); biases (units).
 *
 * <p>The model owns the backend of the device it was compiled for; close the model to free it.
 *
 * <p>Every public method checks its arguments first (see {@link ClnnException}); layers are
 * numbered 1..{@link #layerCount()}.
 */
public final class Sequential implements AutoCloseable {
    private final List<Dense> layers;
    private final List<String> names;
    private final NetworkShape shape;
    private final float[] params;
    private Adam optimizer;
    private Device device = Device.cpu();
    private Backend backend;
    private PrintStream notices = System.err;

    /**
     * @throws ModelException when the stack does not start with an Input followed by Dense layers, a
     *                        layer is null, two names repeat, or the parameters do not fit the Java heap
     */
    public Sequential(Layer... stack) {
        if (stack == null) throw new ModelException("the layer list is null; pass an Input and at least one Dense layer");
        for (int i = 0; i < stack.length; i++) {
            if (stack[i] == null) throw new ModelException("layer " + i + " of the list is null; pass an Input, then Dense layers");
        }
        if (stack.length < 2 || !(stack[0] instanceof Input input)) {
            throw new ModelException("a Sequential starts with an Input and has at least one Dense layer");
        }
        layers = new ArrayList<>();
        names = new ArrayList<>();
        for (int i = 1; i < stack.length; i++) {
            if (!(stack[i] instanceof Dense d)) throw new ModelException("layer " + i + " is an Input; only the first may be");
            layers.add(d);
            String name = d.name() != null ? d.name() : (i == 1 ? "dense" : "dense_" + (i - 1));
            if (names.contains(name)) throw new ModelException("two layers are named '" + name + "'; names must be unique");
            names.add(name);
        }
        int[] units = layers.stream().mapToInt(Dense::units).toArray();
        Activation[] acts = layers.stream().map(Dense::activation).toArray(Activation[]::new);
        shape = new NetworkShape(input.features(), units, acts);
        // Before the params array: a model wider than the heap is refused in one line, not by OutOfMemoryError.
        MemoryBudget.require(MemoryBudget.modelBytes(shape.paramCount()), "model " + MemoryBudget.describe(shape) + " ("
                + String.format(java.util.Locale.ROOT, "%,d", shape.paramCount()) + " parameters)",
                "use narrower or fewer layers (--layers on the command line)");
        params = new float[shape.paramCount()];
        initialize(1);
    }

    /** Re-draws every kernel Glorot-uniform, limit sqrt(6 / (fan_in + fan_out)), and zeroes the biases. */
    public Sequential initialize(long seed) {
        Glorot.uniform(shape, seed, params);
        return this;
    }

    /**
     * Sets the loss and the optimizer (Keras's compile); the model keeps its device (the CPU path
     * unless {@link #device} chose another).
     *
     * @throws ModelException when an argument is null or the last layer is not linear
     */
    public Sequential compile(Loss loss, Adam optimizer) {
        if (loss == null) throw new ModelException("compile: the loss is null; use Loss.sparseCategoricalCrossentropy(true)");
        if (optimizer == null) throw new ModelException("compile: the optimizer is null; use new Adam() or new Adam(learningRate)");
        if (shape.activation(shape.layers()) != Activation.LINEAR) {
            throw new ModelException("the last layer must be linear (it produces logits for the from-logits loss), "
                    + "but '" + names.get(names.size() - 1) + "' is " + shape.activation(shape.layers()).kerasName());
        }
        this.optimizer = optimizer;
        return this;
    }

    /**
     * Sets the loss, the optimizer and the device: {@link #compile(Loss, Adam)} then {@link #device(Device)}.
     *
     * @throws ModelException when an argument is null or the last layer is not linear
     */
    public Sequential compile(Loss loss, Adam optimizer, Device device) {
        if (device == null) throw new ModelException("compile: the device is null; use Device.cpu() or Device.parse(\"auto\")");
        return compile(loss, optimizer).device(device);
    }

    /**
     * The device that fit, predict and evaluate run on, chosen apart from compile: a model that only
     * predicts or evaluates needs no optimizer. The backend opens on first use; changing the device
     * closes the previous one.
     *
     * @throws ModelException when {@code device} is null
     */
    public Sequential device(Device device) {
        if (device == null) throw new ModelException("device: the device is null; use Device.cpu() or Device.parse(\"auto\")");
        synchronized (this) {
            if (!device.equals(this.device)) {
                closeBackend();
                this.device = device;
            }
        }
        return this;
    }

    /**
     * Where notices (such as the device auto chose) are printed; System.err by default.
     *
     * @throws ModelException when {@code out} is null
     */
    public Sequential notices(PrintStream out) {
        if (out == null) throw new ModelException("notices: the stream is null; pass System.err or another PrintStream");
        this.notices = out;
        return this;
    }

    /** The backend the model computes on, opened on first use. */
    public synchronized Backend backend() {
        if (backend == null) backend = Backends.open(device, notices::println);
        return backend;
    }

    /** What the model computes on, in words ("CPU (Java, ...)", "OpenCL GPU NVIDIA H200 ..."); opens it if needed. */
    public String deviceDescription() {
        return backend().description();
    }

    /**
     * Trains in place and returns the per-epoch history.
     *
     * @throws DataException  when the data are null
     * @throws ModelException when the options are null, the model is not compiled, the data do not fit
     *                        the model, or the fit would not fit the Java heap
     */
    public History fit(Dataset train, FitOptions options) {
        if (train == null) throw new DataException("fit: the training data are null; pass a Dataset");
        if (options == null) throw new ModelException("fit: the options are null; pass new FitOptions()");
        if (optimizer == null) throw new ModelException("compile the model before fit (loss and optimizer)");
        requireFits(train, "training data");
        Dataset validation = options.validationData();
        if (options.validationSplit() > 0 && validation != null) {
            throw new ModelException("give validation data or a validation split, not both");
        }
        if (validation != null) requireFits(validation, "validation data");
        // Before the split, which copies the rows: everything the fit will add to the heap, from the shapes.
        Backend b = backend();
        int validationRows = validation != null ? validation.rows() : (int) Math.round(train.rows() * options.validationSplit());
        MemoryBudget.require(MemoryBudget.fitBytes(shape, train.rows(), options.batchSize(), validationRows,
                        b instanceof HostArrayBackend, options.earlyStoppingPatience() > 0, options.checkpointEvery() > 0,
                        options.validationSplit() > 0),
                "training model " + MemoryBudget.describe(shape) + " on " + train.rows() + " rows, batch "
                        + options.batchSize(), "use narrower or fewer layers (--layers), a smaller batch or fewer rows");
        if (options.validationSplit() > 0) {
            Dataset[] split = split(train, options.validationSplit(), options.seed());
            train = split[0];
            validation = split[1];
        }
        KerasProgress progress = new KerasProgress(options.output(), options.verbose(), KerasProgress.stdoutIsTerminal());
        return new Trainer(b, shape, optimizer).fit(params, train, validation, options.plan(), progress);
    }

    /** Seeded shuffle, then the first fraction of the shuffled rows is held out; both parts keep file order. */
    static Dataset[] split(Dataset data, double fraction, long seed) {
        int n = data.rows();
        int held = (int) Math.round(n * fraction);
        if (held < 1 || held >= n) {
            throw new ModelException("validation split " + fraction + " of " + n + " rows leaves " + held
                    + " for validation and " + (n - held) + " for training; both need at least one row");
        }
        int[] perm = new int[n];
        Rng.forStream(seed, Rng.STREAM_VALIDATION_SPLIT).permutation(perm);
        int[] val = Arrays.copyOfRange(perm, 0, held);
        int[] tr = Arrays.copyOfRange(perm, held, n);
        Arrays.sort(val);
        Arrays.sort(tr);
        return new Dataset[] {data.select(tr, data.source() + " (training part)"),
            data.select(val, data.source() + " (validation part)")};
    }

    /**
     * Logits, one row per input row.
     *
     * @throws DataException  when the rows are null, empty, ragged or hold a value that is not finite
     * @throws ModelException when the rows are not as wide as the model's input
     */
    public synchronized float[][] predict(float[][] x) {
        return toRows(predict(Dataset.unlabelled(x, shape.outputs(), "the rows given to predict")), shape.outputs());
    }

    /**
     * Logits, row-major (rows x outputs). The labels of {@code data} are ignored.
     *
     * @throws DataException  when the data are null
     * @throws ModelException when the rows are not as wide as the model's input, or the logits would not fit the heap
     */
    public synchronized float[] predict(Dataset data) {
        if (data == null) throw new DataException("predict: the data are null; pass a Dataset");
        requireWidth(data, "predict input");
        requireInferenceMemory(data, true);
        return Inference.logits(backend(), shape, params, data);
    }

    /**
     * Mean loss, accuracy and error count on labelled data.
     *
     * @throws DataException  when the data are null
     * @throws ModelException when the data do not fit the model or the pass would not fit the heap
     */
    public synchronized Evaluation evaluate(Dataset data) {
        if (data == null) throw new DataException("evaluate: the data are null; pass a Dataset");
        requireFits(data, "evaluation data");
        requireInferenceMemory(data, false);
        return Inference.evaluate(backend(), shape, params, data);
    }

    /**
     * The predicted class (argmax of the logits) of every row.
     *
     * @throws DataException  when the data are null
     * @throws ModelException as {@link #predict(Dataset)}
     */
    public synchronized int[] classify(Dataset data) {
        float[] logits = predict(data);
        int k = shape.outputs();
        int[] out = new int[data.rows()];
        float[] row = new float[k];
        for (int r = 0; r < out.length; r++) {
            System.arraycopy(logits, r * k, row, 0, k);
            out[r] = argmax(row);
        }
        return out;
    }

    /**
     * Loss, accuracy, confusion matrix, precision and recall on labelled data; the matrix is left out
     * beyond {@link ClassificationReport#MAX_MATRIX_CLASSES} classes (the report says so).
     *
     * @throws DataException  when the data are null
     * @throws ModelException as {@link #evaluate}
     */
    public synchronized ClassificationReport report(Dataset data) {
        Evaluation e = evaluate(data);
        return ClassificationReport.of(e, data.y(), classify(data), shape.outputs());
    }

    /**
     * softmax(z)_j = exp(z_j - max) / sum exp(z - max): probabilities from one row of logits.
     *
     * @throws DataException when the row is null or empty
     */
    public static float[] softmax(float[] logits) {
        requireRow(logits, "softmax");
        float max = Float.NEGATIVE_INFINITY;
        for (float z : logits) max = Math.max(max, z);
        double sum = 0;
        for (float z : logits) sum += Math.exp(z - max);
        float[] p = new float[logits.length];
        for (int j = 0; j < p.length; j++) p[j] = (float) (Math.exp(logits[j] - max) / sum);
        return p;
    }

    /**
     * Index of the largest value (the first one on ties, like numpy's argmax).
     *
     * @throws DataException when the row is null or empty (an empty row has no largest value)
     */
    public static int argmax(float[] row) {
        requireRow(row, "argmax");
        int best = 0;
        for (int j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
        return best;
    }

    /**
     * Writes the model to a MAT file that scipy, Octave and MATLAB read (W1, b1, ... in Keras's
     * shapes; see {@link ModelFiles}), or, when the name ends in .npz, to a NumPy archive that
     * {@code np.load} reads without pickle; atomically, like Keras's {@code model.save}.
     *
     * @throws ModelException when {@code file} is null
     */
    public void save(Path file) {
        ModelFiles.save(this, file, LabelRemap.NONE);
    }

    /** As {@link #save(Path)}, recording which stored label means class 0 in the data it was trained on. */
    public void save(Path file, LabelRemap labels) {
        ModelFiles.save(this, file, labels);
    }

    /**
     * A model written by {@link #save} or by {@code train --out} (like Keras's {@code load_model});
     * {@link ModelFiles#load} also returns the label mapping it was trained with.
     *
     * @throws ModelException or DataException when the file is missing, damaged or not a clnn model
     */
    public static Sequential load(Path file) {
        return ModelFiles.load(file).model();
    }

    /** Keras's model.summary() table. */
    public String summary() {
        return ModelSummary.render(this);
    }

    /** {@link #summary()}, in ASCII when {@code unicode} is false (for a console that cannot print box-drawing characters). */
    public String summary(boolean unicode) {
        return ModelSummary.render(this, unicode);
    }

    public int layerCount() {
        return layers.size();
    }

    /**
     * The name of layer {@code layer} (1-based), as the summary shows it.
     *
     * @throws ModelException when the layer does not exist
     */
    public String layerName(int layer) {
        requireLayer(layer);
        return names.get(layer - 1);
    }

    /**
     * Layer {@code layer} (1-based).
     *
     * @throws ModelException when the layer does not exist
     */
    public Dense layer(int layer) {
        requireLayer(layer);
        return layers.get(layer - 1);
    }

    public int inputs() {
        return shape.inputs();
    }

    public int outputs() {
        return shape.outputs();
    }

    public int paramCount() {
        return shape.paramCount();
    }

    /** The layout of the flat parameter array. */
    public NetworkShape shape() {
        return shape;
    }

    /**
     * Layer {@code layer}'s kernel (1-based), a copy shaped (inputs, units) as in Keras.
     *
     * @throws ModelException when the layer does not exist
     */
    public float[][] kernel(int layer) {
        requireLayer(layer);
        int in = shape.width(layer - 1);
        int out = shape.width(layer);
        float[][] w = new float[in][out];
        for (int i = 0; i < in; i++) System.arraycopy(params, shape.weightOffset(layer) + i * out, w[i], 0, out);
        return w;
    }

    /**
     * Layer {@code layer}'s bias (1-based), a copy shaped (units).
     *
     * @throws ModelException when the layer does not exist
     */
    public float[] bias(int layer) {
        requireLayer(layer);
        return Arrays.copyOfRange(params, shape.biasOffset(layer), shape.biasOffset(layer) + shape.width(layer));
    }

    /**
     * Replaces layer {@code layer}'s kernel (inputs x units) and bias (units).
     *
     * @throws ModelException when the layer does not exist, an array or row is null, a shape differs
     *                        from the layer's, or a value is not finite
     */
    public synchronized void setWeights(int layer, float[][] kernel, float[] bias) {
        requireLayer(layer);
        int in = shape.width(layer - 1);
        int out = shape.width(layer);
        String which = "layer " + layer + " ('" + layerName(layer) + "')";
        if (kernel == null || bias == null || Arrays.stream(kernel).anyMatch(r -> r == null)) {
            throw new ModelException(which + ": the " + (bias == null ? "bias" : "kernel or one of its rows")
                    + " is null; pass a kernel " + in + "x" + out + " and a bias of " + out);
        }
        if (kernel.length != in || Arrays.stream(kernel).anyMatch(r -> r.length != out) || bias.length != out) {
            throw new ModelException(which + " needs a kernel " + in + "x" + out
                    + " and a bias of " + out + ", got " + kernel.length + "x" + (kernel.length > 0 ? kernel[0].length : 0)
                    + " and " + bias.length);
        }
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                if (!Float.isFinite(kernel[i][j])) {
                    throw new ModelException(which + ": kernel[" + i + "][" + j + "] is " + kernel[i][j]
                            + "; weights must be finite");
                }
            }
        }
        for (int j = 0; j < out; j++) {
            if (!Float.isFinite(bias[j])) throw new ModelException(which + ": bias[" + j + "] is " + bias[j] + "; weights must be finite");
        }
        for (int i = 0; i < in; i++) System.arraycopy(kernel[i], 0, params, shape.weightOffset(layer) + i * out, out);
        System.arraycopy(bias, 0, params, shape.biasOffset(layer), out);
    }

    /** A copy of every parameter in the flat layout of {@link #shape()}. */
    public float[] flatParams() {
        return params.clone();
    }

    /**
     * Replaces every parameter from a flat array in {@link #flatParams()}'s layout (layer by layer: W row-major, then b).
     *
     * @throws ModelException when the array is null, of another length, or holds a value that is not finite
     */
    public synchronized void setParams(float[] flat) {
        if (flat == null) throw new ModelException("setParams: the array is null; pass " + params.length + " values");
        if (flat.length != params.length) {
            throw new ModelException("setParams: " + flat.length + " values but the model has " + params.length
                    + " parameters; pass an array in flatParams()'s layout");
        }
        for (int i = 0; i < flat.length; i++) {
            if (!Float.isFinite(flat[i])) {
                throw new ModelException("setParams: value " + i + " is " + flat[i] + "; parameters must be finite");
            }
        }
        System.arraycopy(flat, 0, params, 0, params.length);
    }

    /** The convention of this class: layer numbers are 1-based, and 0 or L+1 is a caller's mistake, not an index error. */
    private void requireLayer(int layer) {
        if (layer < 1 || layer > layers.size()) {
            throw new ModelException("layer " + layer + " does not exist; layers are numbered 1.." + layers.size());
        }
    }

    private static void requireRow(float[] row, String what) {
        if (row == null) throw new DataException(what + ": the row is null; pass the logits of one row");
        if (row.length == 0) throw new DataException(what + ": the row is empty; pass at least one value");
    }

    /** A forward pass keeps the data (and, for predict, every row's logits) on the heap on the CPU path. */
    private void requireInferenceMemory(Dataset data, boolean logits) {
        if (logits && (long) data.rows() * shape.outputs() > Integer.MAX_VALUE - 8) {
            throw new ModelException("predicting " + data.rows() + " rows of " + shape.outputs() + " logits makes more than "
                    + "one Java array holds (" + (Integer.MAX_VALUE - 8) + " values); pass fewer rows at a time");
        }
        MemoryBudget.require(MemoryBudget.inferenceBytes(shape, data.rows(), logits, backend() instanceof HostArrayBackend),
                (logits ? "predicting with" : "evaluating") + " model " + MemoryBudget.describe(shape) + " on "
                        + data.rows() + " rows", "pass fewer rows at a time");
    }

    private void requireFits(Dataset data, String role) {
        requireWidth(data, role);
        if (data.classes() > shape.outputs()) {
            throw new ModelException(role + " " + data.source() + " has " + data.classes() + " classes but the model "
                    + "has " + shape.outputs() + " outputs; make the last layer " + data.classes() + " wide");
        }
    }

    private void requireWidth(Dataset data, String role) {
        data.requireFinite();
        if (data.features() != shape.inputs()) {
            throw new ModelException(data.source() + " has " + data.features() + " features per row but the model takes "
                    + shape.inputs() + "; use " + role + " of the width the model was built for");
        }
    }

    private static float[][] toRows(float[] flat, int cols) {
        float[][] rows = new float[flat.length / cols][];
        for (int r = 0; r < rows.length; r++) rows[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        return rows;
    }

    private void closeBackend() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    @Override
    public synchronized void close() {
        closeBackend();
    }
}
