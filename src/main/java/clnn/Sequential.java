package clnn;

import clnn.backend.Backend;
import clnn.backend.Backends;
import clnn.data.Dataset;
import clnn.train.Glorot;
import clnn.train.Inference;
import clnn.train.KerasProgress;
import clnn.train.NetworkShape;
import clnn.train.Rng;
import clnn.train.Trainer;
import java.io.PrintStream;
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
 */
public final class Sequential implements AutoCloseable {
    private final List<Dense> layers;
    private final List<String> names;
    private final NetworkShape shape;
    private final float[] params;
    private Loss loss;
    private Adam optimizer;
    private Device device = Device.cpu();
    private Backend backend;
    private PrintStream notices = System.err;

    public Sequential(Layer... stack) {
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
        params = new float[shape.paramCount()];
        initialize(1);
    }

    /** Re-draws every kernel Glorot-uniform, limit sqrt(6 / (fan_in + fan_out)), and zeroes the biases. */
    public Sequential initialize(long seed) {
        Glorot.uniform(shape, seed, params);
        return this;
    }

    /** Sets the loss and optimizer; training runs on the CPU path. */
    public Sequential compile(Loss loss, Adam optimizer) {
        return compile(loss, optimizer, Device.cpu());
    }

    /** Sets the loss, the optimizer and the device that fit, predict and evaluate run on. */
    public Sequential compile(Loss loss, Adam optimizer, Device device) {
        if (shape.activation(shape.layers()) != Activation.LINEAR) {
            throw new ModelException("the last layer must be linear (it produces logits for the from-logits loss), "
                    + "but '" + names.get(names.size() - 1) + "' is " + shape.activation(shape.layers()).kerasName());
        }
        this.loss = loss;
        this.optimizer = optimizer;
        if (!device.equals(this.device)) {
            closeBackend();
            this.device = device;
        }
        return this;
    }

    /** Where notices (such as the device auto chose) are printed; System.err by default. */
    public Sequential notices(PrintStream out) {
        this.notices = out;
        return this;
    }

    /** The backend the model computes on, opened on first use. */
    public synchronized Backend backend() {
        if (backend == null) backend = Backends.open(device, notices::println);
        return backend;
    }

    /** Trains in place and returns the per-epoch history. */
    public History fit(Dataset train, FitOptions options) {
        if (loss == null) throw new ModelException("compile the model before fit (loss and optimizer)");
        requireFits(train, "training data");
        Dataset validation = options.validationData();
        if (options.validationSplit() > 0) {
            if (validation != null) throw new ModelException("give validation data or a validation split, not both");
            Dataset[] split = split(train, options.validationSplit(), options.seed());
            train = split[0];
            validation = split[1];
        }
        if (validation != null) requireFits(validation, "validation data");
        KerasProgress progress = new KerasProgress(options.output(), options.verbose(), System.console() != null);
        return new Trainer(backend(), shape, optimizer).fit(params, train, validation, options, progress);
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

    /** Logits, one row per input row. */
    public synchronized float[][] predict(float[][] x) {
        return toRows(predict(Dataset.unlabelled(x, shape.outputs(), "the rows given to predict")), shape.outputs());
    }

    /** Logits, row-major (rows x outputs). The labels of {@code data} are ignored. */
    public synchronized float[] predict(Dataset data) {
        requireWidth(data, "predict input");
        return Inference.logits(backend(), shape, params, data);
    }

    /** Mean loss, accuracy and error count on labelled data. */
    public synchronized Evaluation evaluate(Dataset data) {
        requireFits(data, "evaluation data");
        return Inference.evaluate(backend(), shape, params, data);
    }

    /** The predicted class (argmax of the logits) of every row. */
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

    /** Loss, accuracy, confusion matrix, precision and recall on labelled data. */
    public synchronized ClassificationReport report(Dataset data) {
        Evaluation e = evaluate(data);
        return ClassificationReport.of(e, data.y(), classify(data), shape.outputs());
    }

    /** softmax(z)_j = exp(z_j - max) / sum exp(z - max): probabilities from one row of logits. */
    public static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float z : logits) max = Math.max(max, z);
        double sum = 0;
        for (float z : logits) sum += Math.exp(z - max);
        float[] p = new float[logits.length];
        for (int j = 0; j < p.length; j++) p[j] = (float) (Math.exp(logits[j] - max) / sum);
        return p;
    }

    /** Index of the largest value (the first one on ties, like numpy's argmax). */
    public static int argmax(float[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
        return best;
    }

    /** Keras's model.summary() table. */
    public String summary() {
        return ModelSummary.render(this);
    }

    public int layerCount() {
        return layers.size();
    }

    public String layerName(int layer) {
        return names.get(layer - 1);
    }

    public Dense layer(int layer) {
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

    /** Layer {@code layer}'s kernel (1-based), a copy shaped (inputs, units) as in Keras. */
    public float[][] kernel(int layer) {
        int in = shape.width(layer - 1);
        int out = shape.width(layer);
        float[][] w = new float[in][out];
        for (int i = 0; i < in; i++) System.arraycopy(params, shape.weightOffset(layer) + i * out, w[i], 0, out);
        return w;
    }

    /** Layer {@code layer}'s bias (1-based), a copy shaped (units). */
    public float[] bias(int layer) {
        return Arrays.copyOfRange(params, shape.biasOffset(layer), shape.biasOffset(layer) + shape.width(layer));
    }

    /** Replaces layer {@code layer}'s kernel (inputs x units) and bias (units). */
    public synchronized void setWeights(int layer, float[][] kernel, float[] bias) {
        int in = shape.width(layer - 1);
        int out = shape.width(layer);
        if (kernel.length != in || Arrays.stream(kernel).anyMatch(r -> r.length != out) || bias.length != out) {
            throw new ModelException("layer " + layer + " ('" + layerName(layer) + "') needs a kernel " + in + "x" + out
                    + " and a bias of " + out + ", got " + kernel.length + "x" + (kernel.length > 0 ? kernel[0].length : 0)
                    + " and " + bias.length);
        }
        for (int i = 0; i < in; i++) System.arraycopy(kernel[i], 0, params, shape.weightOffset(layer) + i * out, out);
        System.arraycopy(bias, 0, params, shape.biasOffset(layer), out);
    }

    /** A copy of every parameter in the flat layout of {@link #shape()}. */
    public float[] flatParams() {
        return params.clone();
    }

    private void requireFits(Dataset data, String role) {
        requireWidth(data, role);
        if (data.classes() > shape.outputs()) {
            throw new ModelException(role + " " + data.source() + " has " + data.classes() + " classes but the model "
                    + "has " + shape.outputs() + " outputs; make the last layer " + data.classes() + " wide");
        }
    }

    private void requireWidth(Dataset data, String role) {
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
