package clnn.train;

import clnn.Evaluation;
import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.data.Dataset;

/**
 * Forward passes over a whole data set in chunks: the loss, the accuracy and, when asked, the
 * logits of every row. Used for validation during training and by predict/evaluate.
 */
public final class Inference implements AutoCloseable {
    /** Rows per forward pass: large enough to amortise launches, small enough for any device. */
    static final int CHUNK = 1024;

    private final Backend backend;
    private final NetworkShape shape;
    private final DeviceData data;
    private final Workspace workspace;
    private final DeviceFloats metrics;
    private final StepPlan full;
    private final StepPlan lastPartialChunk;
    private final float[] metricsHost = new float[SoftmaxCrossEntropy.METRIC_COUNT];

    /**
     * Uploads {@code dataset} and allocates a workspace for chunked forward passes with {@code params}. Close it to
     * free the device memory.
     *
     * @param backend the device to compute on
     * @param shape   the network's layout
     * @param params  the parameters, already on the device (not owned: the caller closes them)
     * @param dataset the rows to pass forward; its labels are used only for the loss and accuracy
     * @param role    a name for the device buffers, such as "val" or "eval"
     */
    public Inference(Backend backend, NetworkShape shape, DeviceFloats params, Dataset dataset, String role) {
        this.backend = backend;
        this.shape = shape;
        this.data = new DeviceData(backend, dataset, role);
        int chunk = Math.min(CHUNK, dataset.rows());
        this.workspace = new Workspace(backend, shape, chunk, false);
        this.metrics = backend.allocFloats(role + ".metrics", SoftmaxCrossEntropy.METRIC_COUNT);
        this.full = StepPlan.evaluation(shape, chunk, data, params, workspace, metrics);
        int rest = dataset.rows() % chunk;
        this.lastPartialChunk = rest == 0 ? null : StepPlan.evaluation(shape, rest, data, params, workspace, metrics);
    }

    /**
     * Uploads {@code params} (host values) to the device and evaluates them on a data set.
     *
     * @param backend the device to compute on
     * @param shape   the network's layout
     * @param params  the parameters in {@code shape}'s flat layout
     * @param dataset labelled rows
     * @return the mean loss, the accuracy and the error count
     */
    public static Evaluation evaluate(Backend backend, NetworkShape shape, float[] params, Dataset dataset) {
        try (DeviceFloats p = backend.allocFloats("params", params.length)) {
            backend.upload(params, p);
            try (Inference inf = new Inference(backend, shape, p, dataset, "eval")) {
                return inf.run(null);
            }
        }
    }

    /**
     * The logits of every row. Labels of {@code dataset} are ignored.
     *
     * @param backend the device to compute on
     * @param shape   the network's layout
     * @param params  the parameters in {@code shape}'s flat layout
     * @param dataset the rows
     * @return rows x outputs logits, row-major
     */
    public static float[] logits(Backend backend, NetworkShape shape, float[] params, Dataset dataset) {
        try (DeviceFloats p = backend.allocFloats("params", params.length)) {
            backend.upload(params, p);
            try (Inference inf = new Inference(backend, shape, p, dataset, "predict")) {
                float[] out = new float[dataset.rows() * shape.outputs()];
                inf.run(out);
                return out;
            }
        }
    }

    /**
     * One pass over the data with the parameters as they are now on the device.
     *
     * @param logitsOut rows x outputs values to fill, row-major, or null when only the metrics are wanted
     * @return the mean loss, the accuracy and the error count
     */
    public Evaluation run(float[] logitsOut) {
        backend.fill(metrics, 0f);
        int rows = data.rows();
        int outputs = shape.outputs();
        float[] chunkLogits = logitsOut == null ? null : new float[full.rows * outputs];
        for (int start = 0; start < rows; start += full.rows) {
            StepPlan plan = start + full.rows <= rows ? full : lastPartialChunk;
            for (var g : plan.forward) backend.gemm(g, start);
            backend.softmaxCrossEntropy(plan.loss, start);
            if (logitsOut != null) {
                backend.download(workspace.activations[shape.layers()], chunkLogits);
                System.arraycopy(chunkLogits, 0, logitsOut, start * outputs, plan.rows * outputs);
            }
        }
        backend.download(metrics, metricsHost);
        double loss = metricsHost[SoftmaxCrossEntropy.LOSS_SUM] / rows;
        int correct = Math.round(metricsHost[SoftmaxCrossEntropy.CORRECT]);
        return new Evaluation(loss, (double) correct / rows, rows - correct, rows);
    }

    /** Frees the uploaded data, the workspace and the metrics buffer (not the parameters). */
    @Override
    public void close() {
        metrics.close();
        workspace.close();
        data.close();
    }
}
