package clnn.train;

import clnn.Activation;
import clnn.Adam;
import clnn.Fusion;
import clnn.backend.AdamUpdate;
import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.backend.TrainingSteps;
import clnn.data.Dataset;

/**
 * Everything one fit keeps on the device, allocated once: the data set, the parameters, their
 * gradients, Adam's moments, the per-layer workspace, the metrics, and the step plans for a full
 * and a partial batch. {@link Trainer} drives it epoch by epoch; benchmarks drive single steps.
 * Engine-internal. Close it to free the device memory.
 */
public final class TrainingSession implements AutoCloseable {
    private final Backend backend;
    private final DeviceData data;
    private final DeviceFloats params;
    private final DeviceFloats grads;
    private final DeviceFloats m;
    private final DeviceFloats v;
    private final DeviceFloats metrics;
    private final Workspace workspace;
    private final StepPlan full;
    private final StepPlan lastPartialBatch;
    private final AdamUpdate update;
    private final TrainingSteps wholeSteps;
    private final int batch;
    private final int steps;
    private final float[] metricsHost = new float[SoftmaxCrossEntropy.METRIC_COUNT];
    private long adamStep;

    /**
     * Uploads the data and {@code initialParams}; zeroes Adam's moments (step 0).
     *
     * @param backend       the device to train on
     * @param shape         the network's layout
     * @param adam          the optimizer's settings
     * @param initialParams the starting parameters in {@code shape}'s flat layout
     * @param train         the training rows and labels
     * @param batchSize     rows per step (a batch larger than the data becomes one step of all rows)
     */
    public TrainingSession(Backend backend, NetworkShape shape, Adam adam, float[] initialParams, Dataset train,
                           int batchSize) {
        this(backend, shape, adam, initialParams, null, null, 0, train, batchSize);
    }

    /**
     * Uploads the data and {@code initialParams}, continuing Adam from saved moments.
     *
     * @param backend       the device to train on
     * @param shape         the network's layout
     * @param adam          the optimizer's settings
     * @param initialParams the starting parameters in {@code shape}'s flat layout
     * @param adamM         Adam's first moments, one per parameter, or null for a fresh start (zeros)
     * @param adamV         Adam's second moments, given exactly when {@code adamM} is
     * @param adamStep      updates done so far (0 for a fresh start); the next is number adamStep + 1
     * @param train         the training rows and labels
     * @param batchSize     rows per step (a batch larger than the data becomes one step of all rows)
     */
    public TrainingSession(Backend backend, NetworkShape shape, Adam adam, float[] initialParams, float[] adamM,
                           float[] adamV, long adamStep, Dataset train, int batchSize) {
        this.backend = backend;
        int n = train.rows();
        this.batch = Math.min(batchSize, n);
        this.steps = (n + batch - 1) / batch;
        int count = shape.paramCount();
        DeviceData d = null;
        DeviceFloats p = null;
        DeviceFloats g = null;
        DeviceFloats mm = null;
        DeviceFloats vv = null;
        DeviceFloats met = null;
        Workspace ws = null;
        try {
            d = new DeviceData(backend, train, "train");
            p = backend.allocFloats("params", count);
            g = backend.allocFloats("grads", count);
            mm = backend.allocFloats("adam.m", count);
            vv = backend.allocFloats("adam.v", count);
            met = backend.allocFloats("metrics", SoftmaxCrossEntropy.METRIC_COUNT);
            ws = new Workspace(backend, shape, batch, true);
        } catch (RuntimeException e) {
            closeAll(ws, met, vv, mm, g, p, d);
            throw e;
        }
        this.data = d;
        this.params = p;
        this.grads = g;
        this.m = mm;
        this.v = vv;
        this.metrics = met;
        this.workspace = ws;
        backend.upload(initialParams, params);
        if (adamM != null) {
            backend.upload(adamM, m);
            backend.upload(adamV, v);
        } else {
            backend.fill(m, 0f);
            backend.fill(v, 0f);
        }
        this.adamStep = adamStep;
        this.full = StepPlan.training(shape, batch, data, params, grads, workspace, metrics);
        this.lastPartialBatch = n % batch == 0 ? null : StepPlan.training(shape, n % batch, data, params, grads, workspace, metrics);
        this.update = new AdamUpdate(params, grads, m, v, count, adam);
        int[] widths = new int[shape.layers() + 1];
        Activation[] activations = new Activation[shape.layers()];
        int[] weightOffsets = new int[shape.layers()];
        for (int l = 0; l <= shape.layers(); l++) widths[l] = shape.width(l);
        for (int l = 1; l <= shape.layers(); l++) {
            activations[l - 1] = shape.activation(l);
            weightOffsets[l - 1] = shape.weightOffset(l);
        }
        this.wholeSteps = new TrainingSteps(n, batch, widths, activations, weightOffsets, data.x, data.y, data.index,
                metrics, full.calls(), lastPartialBatch == null ? null : lastPartialBatch.calls(), update);
    }

    /**
     * The fit's steps as the backend's one call for whole steps.
     *
     * @return the description the backend fuses, or runs op by op
     */
    public TrainingSteps wholeSteps() {
        return wholeSteps;
    }

    /**
     * Whether {@link #runSteps} fuses.
     *
     * @param fusion the fit's option
     * @return true when it is AUTO and the backend has a fused form for this network
     */
    public boolean fuses(Fusion fusion) {
        return fusion == Fusion.AUTO && backend.fusion(wholeSteps).isPresent();
    }

    /**
     * How {@link #runSteps} runs, in words for the user ({@link clnn.History#stepPath()}).
     *
     * @param fusion the fit's option
     * @return "fused: ..." or "unfused: N calls per step ..."
     */
    public String stepPath(Fusion fusion) {
        if (fuses(fusion)) return "fused: " + backend.fusion(wholeSteps).get();
        int calls = (full.denseTail == null ? full.forward.length + 1 + full.backward.length : 3) + 1;
        return "unfused: " + calls + " calls per step" + (fusion == Fusion.OFF ? " (fusion off)" : "");
    }

    /**
     * Runs steps {@code first .. first+count-1} of the epoch, each with its Adam update: fused in one backend
     * call when {@link #fuses}, else op by op. Queues only.
     *
     * @param first  the first step, 0-based within the epoch
     * @param count  how many steps, none past the epoch's last
     * @param fusion the fit's option
     */
    public void runSteps(int first, int count, Fusion fusion) {
        if (fuses(fusion)) {
            backend.trainSteps(wholeSteps, first, count, adamStep);
        } else {
            wholeSteps.runUnfused(backend, first, count, adamStep);
        }
        adamStep += count;
    }

    /**
     * Steps per epoch, the last one possibly a partial batch.
     *
     * @return ceil(rows / batch)
     */
    public int steps() {
        return steps;
    }

    /**
     * Rows per full step.
     *
     * @return the batch size, at most the rows
     */
    public int batch() {
        return batch;
    }

    /**
     * The parameters on the device, for evaluation during training.
     *
     * @return the session's buffer (owned by the session: do not close it)
     */
    public DeviceFloats params() {
        return params;
    }

    /**
     * Starts an epoch: the rows are visited in {@code order} (one upload), and the metrics restart.
     *
     * @param order a permutation of the row indices
     */
    public void beginEpoch(int[] order) {
        backend.upload(order, data.index);
        backend.fill(metrics, 0f);
    }

    /**
     * Runs one step of the epoch: forward, loss, backward, one Adam update. Queues only.
     *
     * @param step the step, 0-based within the epoch
     */
    public void step(int step) {
        StepPlan plan = step == steps - 1 && lastPartialBatch != null ? lastPartialBatch : full;
        int offset = step * batch;
        plan.run(backend, offset);
        backend.adam(update, ++adamStep);
    }

    /**
     * Rows covered by the epoch's first steps.
     *
     * @param step the last step counted, 0-based
     * @return rows in steps 0..step (inclusive)
     */
    public int rowsThrough(int step) {
        return Math.min(data.rows(), (step + 1) * batch);
    }

    /**
     * Reads the metrics summed since {@link #beginEpoch}, indexed by {@link SoftmaxCrossEntropy}'s slots:
     * LOSS_SUM, CORRECT, ROWS and FIRST_NONFINITE (rows seen before the first non-finite batch, plus
     * one; 0 while every batch was finite). The array is reused by the next call. Waits for the device.
     *
     * @return {@link SoftmaxCrossEntropy#METRIC_COUNT} sums
     */
    public float[] readMetrics() {
        backend.download(metrics, metricsHost);
        return metricsHost;
    }

    /**
     * Copies Adam's moments to the host. Waits for the device.
     *
     * @param mDst one value per parameter, overwritten with the first moments
     * @param vDst one value per parameter, overwritten with the second moments
     */
    public void readAdam(float[] mDst, float[] vDst) {
        backend.download(m, mDst);
        backend.download(v, vDst);
    }

    /**
     * Adam updates done so far, queued ones included.
     *
     * @return the step count; the next update is number this + 1
     */
    public long adamStep() {
        return adamStep;
    }

    /**
     * Copies the current parameters to the host. Waits for the device.
     *
     * @param dst one value per parameter, overwritten
     */
    public void readParams(float[] dst) {
        backend.download(params, dst);
    }

    /** Frees everything the session allocated on the device. */
    @Override
    public void close() {
        closeAll(workspace, metrics, v, m, grads, params, data);
    }

    private static void closeAll(AutoCloseable... things) {
        for (AutoCloseable c : things) {
            if (c == null) continue;
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
