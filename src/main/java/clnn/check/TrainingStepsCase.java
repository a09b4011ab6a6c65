package clnn.check;

import clnn.Activation;
import clnn.Adam;
import clnn.Fusion;
import clnn.backend.Backend;
import clnn.backend.TrainingSteps;
import clnn.data.Dataset;
import clnn.train.NetworkShape;
import clnn.train.TrainingSession;
import java.util.Arrays;
import java.util.Random;

/**
 * One {@link TrainingSteps} case runnable on any backend, laid out by the trainer's own {@link TrainingSession}: a
 * seeded data set of {@code rows} rows, a network of the given widths and activations, Adam continuing from random
 * moments after {@link #ADAM_STEPS_BEFORE} updates, and one epoch in a shuffled order run as two calls of
 * {@link Backend#trainSteps} (the first {@code steps/2} steps, then the rest, which ends in the partial batch when
 * the batch does not divide the rows). {@link #run} returns the parameters, Adam's moments and the metrics. The list
 * every backend is checked on is {@link TrainingStepsOp#cases}.
 *
 * @param rows        rows in the case's data set
 * @param batch       rows per step, 1..rows
 * @param widths      inputs, each layer's units; the last is the classes
 * @param activations each layer's activation; the last is LINEAR (logits)
 * @param seed        seeds every input of the case (data, labels, weights, moments, row order)
 */
public record TrainingStepsCase(int rows, int batch, int[] widths, Activation[] activations, long seed)
        implements OpCase {
    /** Adam has run this many updates before the case: the moments and the bias correction are not at their start. */
    public static final long ADAM_STEPS_BEFORE = 2;

    /**
     * Refuses a batch the epoch cannot be split into.
     *
     * @param rows        rows in the data set
     * @param batch       rows per step, 1..rows
     * @param widths      inputs, then each layer's units
     * @param activations each layer's activation
     * @param seed        the case's seed
     * @throws IllegalArgumentException when batch is below 1 or above rows
     */
    public TrainingStepsCase {
        if (batch < 1 || batch > rows) throw new IllegalArgumentException("batch " + batch + " of " + rows + " rows");
    }

    /**
     * The case's network.
     *
     * @return the shape of {@code widths} and {@code activations}
     */
    public NetworkShape shape() {
        return new NetworkShape(widths[0], Arrays.copyOfRange(widths, 1, widths.length), activations);
    }

    /**
     * Steps in the case's epoch, the last one partial when batch does not divide rows.
     *
     * @return {@code ceil(rows / batch)}
     */
    public int steps() {
        return (rows + batch - 1) / batch;
    }

    @Override
    public String toString() {
        return "rows=" + rows + " batch=" + batch + " widths=" + Arrays.toString(widths) + " " + Arrays.toString(activations);
    }

    /** "100x32_13-7-5_relu-linear_s4": rows, batch, widths, activations, seed. */
    @Override
    public String name() {
        StringBuilder sb = new StringBuilder().append(rows).append('x').append(batch).append('_');
        for (int l = 0; l < widths.length; l++) sb.append(l == 0 ? "" : "-").append(widths[l]);
        sb.append('_');
        for (int l = 0; l < activations.length; l++) sb.append(l == 0 ? "" : "-").append(activations[l].kerasName());
        return sb.append("_s").append(seed).toString();
    }

    /** An epoch's multiply-adds times two: forward, dW and dA of every layer (layer 1 has no dA). */
    @Override
    public long flops() {
        long macs = 0;
        for (int l = 1; l < widths.length; l++) macs += (l == 1 ? 2L : 3L) * rows * widths[l - 1] * widths[l];
        return 2 * macs;
    }

    /**
     * An epoch's traffic if nothing stayed on chip: X read twice (forward, dW), and per step the parameters,
     * gradients and moments read and written by Adam (the activations are small next to them).
     */
    @Override
    public long bytes() {
        long params = shape().paramCount();
        return 4 * (2L * rows * widths[0] + steps() * 7L * params);
    }

    @Override
    public Prepared prepare(Backend b) {
        Random r = new Random(seed);
        NetworkShape shape = shape();
        int count = shape.paramCount();
        int inputs = widths[0];
        int classes = widths[widths.length - 1];
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) y[i] = r.nextInt(classes);
        float[] params = new float[count];
        float[] m = new float[count];
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            params[i] = (r.nextFloat() * 2 - 1) * 0.5f;
            m[i] = (r.nextFloat() * 2 - 1) * 1e-3f;
            v[i] = r.nextFloat() * 1e-5f;
        }
        int[] order = Seeded.permutation(r, rows);
        TrainingSession session = new TrainingSession(b, shape, new Adam(0.001f), params, m, v, ADAM_STEPS_BEFORE,
                new Dataset(x, y, inputs, classes, name()), batch);
        session.beginEpoch(order);
        TrainingSteps call = session.wholeSteps();
        int first = Math.max(1, call.steps() / 2);
        return new Prepared() {
            @Override
            public void launch() {
                // Called straight, not through the session, so that every backend's own trainSteps runs: the
                // reference's is the per-op definition.
                b.trainSteps(call, 0, Math.min(first, call.steps()), ADAM_STEPS_BEFORE);
                if (first < call.steps()) b.trainSteps(call, first, call.steps() - first, ADAM_STEPS_BEFORE + first);
            }

            @Override
            public float[] read() {
                float[] p = new float[count];
                float[] mm = new float[count];
                float[] vv = new float[count];
                session.readParams(p);
                session.readAdam(mm, vv);
                float[] metrics = session.readMetrics();
                float[] out = new float[3 * count + metrics.length];
                System.arraycopy(p, 0, out, 0, count);
                System.arraycopy(mm, 0, out, count, count);
                System.arraycopy(vv, 0, out, 2 * count, count);
                System.arraycopy(metrics, 0, out, 3 * count, metrics.length);
                return out;
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    /**
     * Whether {@code b} runs this case fused, so a test can tell a fused comparison from a trivial one.
     *
     * @param b the backend to ask
     * @return true when its {@link Backend#fusion} accepts the case's network and batch
     */
    public boolean fusedOn(Backend b) {
        // The session's own decision, as the trainer makes it, on zero data of the case's shapes.
        NetworkShape shape = shape();
        int count = shape.paramCount();
        float[] zeros = new float[count];
        float[] x = new float[rows * widths[0]];
        int[] y = new int[rows];
        try (TrainingSession s = new TrainingSession(b, shape, new Adam(0.001f), zeros, new Dataset(x, y, widths[0],
                widths[widths.length - 1], name()), batch)) {
            return s.fuses(Fusion.AUTO);
        }
    }
}
