package clnn.train;

import clnn.Adam;
import clnn.Evaluation;
import clnn.FitOptions;
import clnn.History;
import clnn.backend.AdamUpdate;
import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.Gemm;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.data.Dataset;

/**
 * The one training loop, written against {@link Backend} and nothing else: it never asks which
 * device it runs on.
 *
 * <p>Per fit: upload the data and parameters once and allocate every buffer. Per epoch: one
 * permutation upload, then the steps, then one read-back of the summed loss. Per step: the calls of
 * a {@link StepPlan} and one Adam update; nothing is allocated and nothing waits for the device.
 * Keras's semantics: mean loss per batch, the last partial batch is used, the epoch loss is the
 * sample-weighted mean of the batch losses.
 */
public final class Trainer {
    private final Backend backend;
    private final NetworkShape shape;
    private final Adam adam;

    public Trainer(Backend backend, NetworkShape shape, Adam adam) {
        this.backend = backend;
        this.shape = shape;
        this.adam = adam;
    }

    /**
     * Trains {@code params} (flat layout of {@link NetworkShape}) in place.
     *
     * @param validation evaluated after every epoch, or null
     */
    public History fit(float[] params, Dataset train, Dataset validation, FitOptions options,
                       TrainingListener listener) {
        int n = train.rows();
        int batch = Math.min(options.batchSize(), n);
        int steps = (n + batch - 1) / batch;
        int count = shape.paramCount();
        History history = new History();
        try (DeviceData data = new DeviceData(backend, train, "train");
             DeviceFloats p = backend.allocFloats("params", count);
             DeviceFloats grads = backend.allocFloats("grads", count);
             DeviceFloats m = backend.allocFloats("adam.m", count);
             DeviceFloats v = backend.allocFloats("adam.v", count);
             DeviceFloats metrics = backend.allocFloats("metrics", SoftmaxCrossEntropy.METRIC_COUNT);
             Workspace ws = new Workspace(backend, shape, batch, true);
             Inference val = validation == null ? null : new Inference(backend, shape, p, validation, "val")) {
            backend.upload(params, p);
            backend.fill(m, 0f);
            backend.fill(v, 0f);
            StepPlan full = StepPlan.training(shape, batch, data, p, grads, ws, metrics);
            StepPlan tail = n % batch == 0 ? null : StepPlan.training(shape, n % batch, data, p, grads, ws, metrics);
            AdamUpdate update = new AdamUpdate(p, grads, m, v, count, adam);
            int[] order = new int[n];
            float[] metricsHost = new float[SoftmaxCrossEntropy.METRIC_COUNT];
            int[] rowsDone = new int[1];
            TrainingListener.RunningLoss probe = () -> {
                backend.download(metrics, metricsHost);
                return metricsHost[SoftmaxCrossEntropy.LOSS_SUM] / Math.max(1, rowsDone[0]);
            };
            long t = 0;
            listener.onTrainBegin(options.epochs(), steps);
            for (int epoch = 0; epoch < options.epochs(); epoch++) {
                listener.onEpochBegin(epoch + 1);
                long start = System.nanoTime();
                if (options.shuffle()) {
                    Rng.forStream(options.seed(), epoch).permutation(order);
                } else {
                    for (int i = 0; i < n; i++) order[i] = i;
                }
                backend.upload(order, data.index);
                backend.fill(metrics, 0f);
                for (int step = 0; step < steps; step++) {
                    StepPlan plan = step == steps - 1 && tail != null ? tail : full;
                    int offset = step * batch;
                    run(plan, offset);
                    backend.adam(update, ++t);
                    rowsDone[0] = offset + plan.rows;
                    listener.onStep(step + 1, probe);
                }
                backend.download(metrics, metricsHost);
                double seconds = (System.nanoTime() - start) / 1e9;
                double loss = metricsHost[SoftmaxCrossEntropy.LOSS_SUM] / n;
                double accuracy = metricsHost[SoftmaxCrossEntropy.CORRECT] / n;
                Evaluation ve = val == null ? null : val.run(null);
                History.Epoch e = new History.Epoch(epoch + 1, loss, accuracy, ve == null ? Double.NaN : ve.loss(),
                        ve == null ? Double.NaN : ve.accuracy(), seconds, steps);
                history.add(e);
                listener.onEpochEnd(e);
            }
            backend.download(p, params);
        }
        return history;
    }

    private void run(StepPlan plan, int offset) {
        for (Gemm g : plan.forward) backend.gemm(g, offset);
        backend.softmaxCrossEntropy(plan.loss, offset);
        for (Gemm g : plan.backward) backend.gemm(g, offset);
    }
}
