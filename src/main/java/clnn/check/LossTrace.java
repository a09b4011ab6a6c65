package clnn.check;

import clnn.Activation;
import clnn.Adam;
import clnn.backend.Backend;
import clnn.data.Dataset;
import clnn.train.FitPlan;
import clnn.train.Glorot;
import clnn.train.NetworkShape;
import clnn.train.Trainer;
import clnn.train.TrainingListener;
import java.util.Arrays;

/**
 * A fixed-seed loss trace (llm.c's way): the per-epoch losses of a short training run, the same run
 * on every backend, compared against the reference's run or against numbers pinned in the tests.
 * The one place the trace comparisons of the tests and of {@code engine selftest} are written.
 *
 * @param shape   the network
 * @param adam    the optimizer (its learning rate)
 * @param initial the starting weights, copied for every run
 * @param plan    the fit (epochs, batch size, no shuffling)
 */
public record LossTrace(NetworkShape shape, Adam adam, float[] initial, FitPlan plan) {

    /**
     * The reference network: features-25-15-classes, relu, relu, linear (400-25-15-10 on the bundled digits).
     *
     * @param features inputs per row
     * @param classes  units of the last layer
     * @return the network's shape
     */
    public static NetworkShape referenceNetwork(int features, int classes) {
        return new NetworkShape(features, new int[] {25, 15, classes},
                new Activation[] {Activation.RELU, Activation.RELU, Activation.LINEAR});
    }

    /**
     * The reference trace: the reference network from Glorot-uniform weights of seed 1, Adam at
     * 0.001 (Keras's default), batch 32 (the last partial batch included), no shuffling, for
     * {@code epochs} epochs. What {@code engine selftest} runs and what the tests pin.
     *
     * @param features inputs per row of the data it will run on
     * @param classes  classes of the data it will run on
     * @param epochs   epochs to train, one loss each
     * @return the trace, with fusion left to the backend ({@code AUTO})
     */
    public static LossTrace reference(int features, int classes, int epochs) {
        NetworkShape shape = referenceNetwork(features, classes);
        return new LossTrace(shape, new Adam(0.001f), Glorot.uniform(shape, 1),
                new FitPlan(epochs, 32, 1, false, 0, 0, null, null, clnn.Fusion.AUTO));
    }

    /**
     * Epochs the trace trains, and so the length of what {@link #run} returns.
     *
     * @return the plan's epochs
     */
    public int epochs() {
        return plan.epochs();
    }

    /**
     * The same trace with whole steps fused or not, to compare the two paths.
     *
     * @param fusion AUTO: fused where the backend can; OFF: per-op calls
     * @return a new trace, everything else the same
     */
    public LossTrace withFusion(clnn.Fusion fusion) {
        FitPlan p = plan;
        return new LossTrace(shape, adam, initial, new FitPlan(p.epochs(), p.batchSize(), p.seed(), p.shuffle(),
                p.earlyStoppingPatience(), p.checkpointEvery(), p.checkpointSink(), p.resumeFrom(), fusion));
    }

    /**
     * Trains a copy of the initial weights on {@code backend}; the trace itself is not changed.
     *
     * @param backend where to train
     * @param data    the training rows (no validation set)
     * @return the mean training loss of each epoch
     */
    public double[] run(Backend backend, Dataset data) {
        return new Trainer(backend, shape, adam).fit(initial.clone(), data, null, plan, TrainingListener.SILENT)
                .loss();
    }

    /**
     * Two traces, epoch by epoch, within {@code tolerance}; a length difference is a mismatch.
     *
     * @param expected the reference's or the pinned losses
     * @param actual   the losses under test
     * @param tolerance the margin, usually {@link Tolerances#TRACE} or {@link Tolerances#PINNED_TRACE}
     * @return the comparison (losses compared as floats)
     */
    public static Comparison compare(double[] expected, double[] actual, Tolerance tolerance) {
        return tolerance.compare(floats(expected), floats(actual));
    }

    /**
     * Both traces in one line, for a report.
     *
     * @param expected the reference's or the pinned losses
     * @param actual   the losses under test
     * @return "per-epoch loss, expected [..] vs [..]"
     */
    public static String describe(double[] expected, double[] actual) {
        return "per-epoch loss, expected " + Arrays.toString(expected) + " vs " + Arrays.toString(actual);
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
