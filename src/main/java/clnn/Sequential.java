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
import clnn.train.TrainingListener;
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
 * <p>Every public method checks its arguments first (see {@link ClnnException}); the Dense layers are
 * indexed from 0 to {@link #layerCount()} - 1, as Keras's {@code model.layers} (the Input is not counted). The files
 * a model is saved to keep their own names, W1, b1, ... for index 0.
 *
 * <p>Like a compiled Keras model, the model keeps Adam's state from one fit to the next, so a second fit continues
 * the first ({@link #optimizerState()}); compiling again starts the optimizer afresh.
 */
public final class Sequential implements AutoCloseable {
    private final List<Dense> layers;
    private final List<String> names;
    private final NetworkShape shape;
    private final float[] params;
    private Adam optimizer;
    /** Adam's step and moments after the last fit; null: step 0 and zero moments (a fresh compile). */
    private OptimizerState optimizerState;
    private Device device = Device.cpu();
    private Backend backend;
    private PrintStream notices = System.err;

    /**
     * Builds the model, as Keras's {@code keras.Sequential([keras.Input(shape=(n,)), Dense(...), ...])}, with
     * Glorot-uniform weights (seed 1) and zero biases, on the CPU path until {@link #device} or
     * {@link #compile(Loss, Adam, Device)} chooses another device.
     *
     * @param stack an {@link Input}, then one or more {@link Dense} layers
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

    /**
     * Re-draws every kernel Glorot-uniform, limit sqrt(6 / (fan_in + fan_out)), and zeroes the biases (Keras's
     * defaults, seeded). Adam's state is left as it is.
     *
     * @param seed any value; the same seed gives the same weights
     * @return this model
     */
    public Sequential initialize(long seed) {
        Glorot.uniform(shape, seed, params);
        return this;
    }

    /**
     * Sets the loss and the optimizer (Keras's compile); the model keeps its device (the CPU path
     * unless {@link #device} chose another). Adam starts afresh (step 0, zero moments), as when Keras
     * compiles again; the weights are kept.
     *
     * @param loss      the loss, {@code Loss.sparseCategoricalCrossentropy(true)}
     * @param optimizer Adam and its settings
     * @return this model
     * @throws ModelException when an argument is null or the last layer is not linear
     */
    public Sequential compile(Loss loss, Adam optimizer) {
        if (loss == null) throw new ModelException("compile: the loss is null; use Loss.sparseCategoricalCrossentropy(true)");
        if (optimizer == null) throw new ModelException("compile: the optimizer is null; use new Adam() or new Adam(learningRate)");
        if (shape.activation(shape.layers()) != Activation.LINEAR) {
            throw new ModelException("the last layer must be linear (it produces logits for the from-logits loss), "
                    + "but '" + names.get(names.size() - 1) + "' is " + shape.activation(shape.layers()).kerasName());
        }
        synchronized (this) {
            this.optimizer = optimizer;
            this.optimizerState = null;
        }
        return this;
    }

    /**
     * Sets the loss, the optimizer and the device: {@link #compile(Loss, Adam)} then {@link #device(Device)}.
     *
     * @param loss      the loss, {@code Loss.sparseCategoricalCrossentropy(true)}
     * @param optimizer Adam and its settings
     * @param device    where fit, predict and evaluate run
     * @return this model
     * @throws ModelException when an argument is null or the last layer is not linear
     */
    public Sequential compile(Loss loss, Adam optimizer, Device device) {
        if (device == null) throw new ModelException("compile: the device is null; use Device.cpu() or Device.parse(\"auto\")");
        return compile(loss, optimizer).device(device);
    }

    /**
     * The device that fit, predict and evaluate run on, chosen apart from compile: a model that only
     * predicts or evaluates needs no optimizer. The backend opens on first use; changing the device
     * closes the previous one. The CPU path by default.
     *
     * @param device where fit, predict and evaluate run (PyTorch's {@code model.to(device)})
     * @return this model
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
     * @param out the stream for notices
     * @return this model
     * @throws ModelException when {@code out} is null
     */
    public Sequential notices(PrintStream out) {
        if (out == null) throw new ModelException("notices: the stream is null; pass System.err or another PrintStream");
        this.notices = out;
        return this;
    }

    /**
     * The backend the model computes on, opened on first use. Engine-internal: for the library's own tools (the
     * command line, the checks); most callers need only {@link #deviceDescription()}.
     *
     * @return the open backend, owned by this model (closed by {@link #close()})
     * @throws DeviceException when the device cannot be opened
     */
    public synchronized Backend backend() {
        if (backend == null) backend = Backends.open(device, notices::println);
        return backend;
    }

    /**
     * What the model computes on, in words; opens the device if needed.
     *
     * @return e.g. "CPU (Java, ...)" or "OpenCL GPU NVIDIA H200 ..."
     * @throws DeviceException when the device cannot be opened
     */
    public String deviceDescription() {
        return backend().description();
    }

    /**
     * Trains in place and returns the per-epoch history. Adam continues from the state the previous fit
     * left (see {@link #optimizerState()}); the options' callbacks are called as the fit goes. The
     * weights are written back at the end of the fit, so during it (in a callback) the model still holds
     * those it started with.
     *
     * @param train   the training data
     * @param options epochs, batch size, validation, callbacks and the rest
     * @return one entry per epoch run
     * @throws DataException  when the data are null
     * @throws ModelException when the options are null, the model is not compiled, the data do not fit
     *                        the model, the fit would not fit the Java heap, or both an initial epoch and a
     *                        state to resume from are given
     */
    public History fit(Dataset train, FitOptions options) {
        if (train == null) throw new DataException("fit: the training data are null; pass a Dataset");
        if (options == null) throw new ModelException("fit: the options are null; pass new FitOptions()");
        if (optimizer == null) throw new ModelException("compile the model before fit (loss and optimizer)");
        if (options.initialEpoch() > 0 && options.resumeFrom() != null) {
            throw new ModelException("give an initial epoch or a state to resume from, not both; a resumed state "
                    + "brings its own count of epochs done");
        }
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
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new KerasProgress(options.output(), options.verbose(), KerasProgress.stdoutIsTerminal()));
        for (Callback c : options.callbacks()) listeners.add(new CallbackListener(c));
        Trainer trainer = new Trainer(b, shape, optimizer);
        try {
            return trainer.fit(params, optimizerState, train, validation, options.plan(), TrainingListener.all(listeners));
        } finally {
            // Weights and Adam's state move together: both when the fit got to its end (even if a callback's
            // onTrainEnd then threw), neither when it failed before (a divergence leaves the model as it was).
            if (trainer.optimizerState() != null) optimizerState = trainer.optimizerState();
        }
    }

    /**
     * Adam's state now: the step count and both moments that the next fit continues from (Keras keeps them in
     * the compiled optimizer). Before the first fit after a compile: step 0 and zero moments.
     *
     * @return a copy, one moment of each kind per parameter in {@link #flatParams()}'s layout
     */
    public synchronized OptimizerState optimizerState() {
        return optimizerState != null ? optimizerState : OptimizerState.fresh(params.length);
    }

    /**
     * Replaces Adam's state, for the next fit to continue from (for instance one taken from another process,
     * or from {@link TrainingState#optimizerState()}). Compile first: compiling starts the optimizer afresh.
     *
     * @param state the step and moments, one of each per parameter
     * @throws ModelException when the state is null, the model is not compiled, or the moments are not one per
     *                        parameter
     */
    public synchronized void setOptimizerState(OptimizerState state) {
        if (state == null) throw new ModelException("setOptimizerState: the state is null; pass an OptimizerState");
        if (optimizer == null) {
            throw new ModelException("compile the model before setOptimizerState (compile starts the optimizer afresh)");
        }
        if (state.size() != params.length) {
            throw new ModelException("setOptimizerState: the state holds moments for " + state.size()
                    + " parameters but the model has " + params.length + "; pass the state of a model of this shape");
        }
        this.optimizerState = state;
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
     * Logits, one row per input row (Keras's {@code model.predict(x)} on a linear last layer; apply
     * {@link #softmax} for probabilities).
     *
     * @param x the rows, each as wide as the model's input
     * @return one row of {@link #outputs()} logits per input row
     * @throws DataException  when the rows are null, empty, ragged or hold a value that is not finite
     * @throws ModelException when the rows are not as wide as the model's input
     */
    public synchronized float[][] predict(float[][] x) {
        return toRows(predict(Dataset.unlabelled(x, shape.outputs(), "the rows given to predict")), shape.outputs());
    }

    /**
     * Logits, row-major (rows x outputs). The labels of {@code data} are ignored.
     *
     * @param data the rows, as wide as the model's input
     * @return rows x {@link #outputs()} logits, row after row
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
     * Mean loss, accuracy and error count on labelled data (Keras's {@code model.evaluate}).
     *
     * @param data labelled rows, as wide as the model's input
     * @return the loss, the accuracy, the errors and the rows
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
     * @param data the rows, as wide as the model's input; their labels are ignored
     * @return one class index per row
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
     * @param data labelled rows, as wide as the model's input
     * @return the per-class report
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
     * @param logits one row of logits
     * @return probabilities that sum to 1, one per logit
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
     * @param row the values, such as one row of logits
     * @return the index of the largest value
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
     * @param file where to write, such as model.mat
     * @throws ModelException when {@code file} is null
     */
    public void save(Path file) {
        ModelFiles.save(this, file, LabelRemap.NONE);
    }

    /**
     * As {@link #save(Path)}, recording the label mapping of the data it was trained on, so that predictions can be
     * reported in the data's own labels.
     *
     * @param file   where to write, such as model.mat
     * @param labels which stored label each class index stands for ({@link LabelRemap#NONE}: the labels are the indices)
     * @throws ModelException when {@code file} is null
     */
    public void save(Path file, LabelRemap labels) {
        ModelFiles.save(this, file, labels);
    }

    /**
     * A model written by {@link #save} or by {@code train --out} (like Keras's {@code load_model});
     * {@link ModelFiles#load} also returns the label mapping it was trained with.
     *
     * @param file a model file, such as model.mat
     * @return the model, on the CPU path and not compiled
     * @throws ModelException or DataException when the file is missing, damaged or not a clnn model
     */
    public static Sequential load(Path file) {
        return ModelFiles.load(file).model();
    }

    /**
     * Keras's {@code model.summary()} table: each layer's name, output shape and parameter count, and the totals.
     *
     * @return the table, in box-drawing characters
     */
    public String summary() {
        return ModelSummary.render(this);
    }

    /**
     * {@link #summary()}, in ASCII when {@code unicode} is false.
     *
     * @param unicode false for a console that cannot print box-drawing characters
     * @return the table
     */
    public String summary(boolean unicode) {
        return ModelSummary.render(this, unicode);
    }

    /**
     * The number of Dense layers (the Input is not counted).
     *
     * @return the layers' count; their indices are 0 to this - 1
     */
    public int layerCount() {
        return layers.size();
    }

    /**
     * The name of the Dense layer at {@code index}, as the summary shows it.
     *
     * @param index 0 for the first Dense layer, as Keras's {@code model.layers[0]}
     * @return the layer's name, such as "dense" or "dense_1"
     * @throws ModelException when the index is out of range
     */
    public String layerName(int index) {
        requireLayer(index);
        return names.get(index);
    }

    /**
     * The Dense layer at {@code index}.
     *
     * @param index 0 for the first Dense layer
     * @return the layer as it was given to the constructor
     * @throws ModelException when the index is out of range
     */
    public Dense layer(int index) {
        requireLayer(index);
        return layers.get(index);
    }

    /**
     * The width of an input row.
     *
     * @return the Input's features
     */
    public int inputs() {
        return shape.inputs();
    }

    /**
     * The width of an output row: the class count the model can predict.
     *
     * @return the last Dense layer's units
     */
    public int outputs() {
        return shape.outputs();
    }

    /**
     * The number of trainable parameters, as {@link #summary()} totals them (Keras's {@code count_params()}).
     *
     * @return the length of {@link #flatParams()}
     */
    public int paramCount() {
        return shape.paramCount();
    }

    /**
     * The layout of the flat parameter array: widths, activations and where each layer's W and b start.
     * Engine-internal vocabulary, for the library's own tools.
     *
     * @return the network's shape
     */
    public NetworkShape shape() {
        return shape;
    }

    /**
     * The kernel of the Dense layer at {@code index}, a copy shaped (inputs, units) as in Keras's
     * {@code model.layers[index].get_weights()[0]}; saved as W(index + 1).
     *
     * @param index 0 for the first Dense layer
     * @return a copy of the kernel
     * @throws ModelException when the index is out of range
     */
    public float[][] kernel(int index) {
        requireLayer(index);
        int layer = index + 1;
        int in = shape.width(layer - 1);
        int out = shape.width(layer);
        float[][] w = new float[in][out];
        for (int i = 0; i < in; i++) System.arraycopy(params, shape.weightOffset(layer) + i * out, w[i], 0, out);
        return w;
    }

    /**
     * The bias of the Dense layer at {@code index}, a copy shaped (units); saved as b(index + 1).
     *
     * @param index 0 for the first Dense layer
     * @return a copy of the bias
     * @throws ModelException when the index is out of range
     */
    public float[] bias(int index) {
        requireLayer(index);
        int layer = index + 1;
        return Arrays.copyOfRange(params, shape.biasOffset(layer), shape.biasOffset(layer) + shape.width(layer));
    }

    /**
     * Replaces the kernel (inputs x units) and bias (units) of the Dense layer at {@code index}, as Keras's
     * {@code model.layers[index].set_weights([kernel, bias])}.
     *
     * @param index  0 for the first Dense layer
     * @param kernel the new kernel, shaped (inputs, units)
     * @param bias   the new bias, shaped (units)
     * @throws ModelException when the index is out of range, an array or row is null, a shape differs
     *                        from the layer's, or a value is not finite
     */
    public synchronized void setWeights(int index, float[][] kernel, float[] bias) {
        requireLayer(index);
        int layer = index + 1;
        int in = shape.width(layer - 1);
        int out = shape.width(layer);
        String which = "layer " + index + " ('" + layerName(index) + "')";
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

    /**
     * A copy of every parameter, layer by layer: W row-major (inputs x units), then b.
     *
     * @return {@link #paramCount()} values in the layout of {@link #shape()}
     */
    public float[] flatParams() {
        return params.clone();
    }

    /**
     * Replaces every parameter from a flat array in {@link #flatParams()}'s layout (layer by layer: W row-major, then b).
     *
     * @param flat {@link #paramCount()} finite values
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

    /** Indices are 0-based as Keras's; one out of range is a caller's mistake, said in one line, not an index error. */
    private void requireLayer(int index) {
        if (index < 0 || index >= layers.size()) {
            throw new ModelException("layer index " + index + " is out of range: this model has " + layers.size()
                    + " Dense layer" + (layers.size() == 1 ? "" : "s") + ", indices 0.." + (layers.size() - 1));
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

    /** Frees the device's backend; the weights stay readable, and a later use opens the device again. */
    @Override
    public synchronized void close() {
        closeBackend();
    }
}
