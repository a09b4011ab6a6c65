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

    /** The reference network on the bundled digits: 400-25-15-10, relu, relu, linear. */
    public static NetworkShape referenceNetwork(int features, int classes) {
        return new NetworkShape(features, new int[] {25, 15, classes},
                new Activation[] {Activation.RELU, Activation.RELU, Activation.LINEAR});
    }

    /**
     * The reference trace: the reference network from Glorot-uniform weights of seed 1, Adam at
     * 0.001 (Keras's default), batch 32 (the last partial batch included), no shuffling, for
     * {@code epochs} epochs. What {@code engine selftest} runs and what the tests pin.
     */
    public static LossTrace reference(int features, int classes, int epochs) {
        NetworkShape shape = referenceNetwork(features, classes);
        return new LossTrace(shape, new Adam(0.001f), Glorot.uniform(shape, 1),
                new FitPlan(epochs, 32, 1, false, 0, 0, null, null, clnn.Fusion.AUTO));
    }

    public int epochs() {
        return plan.epochs();
    }

    /** The same trace with whole steps fused (AUTO: where the backend can) or not (OFF). */
    public LossTrace withFusion(clnn.Fusion fusion) {
        FitPlan p = plan;
        return new LossTrace(shape, adam, initial, new FitPlan(p.epochs(), p.batchSize(), p.seed(), p.shuffle(),
                p.earlyStoppingPatience(), p.checkpointEvery(), p.checkpointSink(), p.resumeFrom(), fusion));
    }

    /** Trains a copy of the initial weights on {@code backend}; returns the per-epoch losses. */
    public double[] run(Backend backend, Dataset data) {
        return new Trainer(backend, shape, adam).fit(initial.clone(), data, null, plan, TrainingListener.SILENT)
                .loss();
    }

    /** Two traces, epoch by epoch, within {@code tolerance}; a length difference is a mismatch. */
    public static Comparison compare(double[] expected, double[] actual, Tolerance tolerance) {
        return tolerance.compare(floats(expected), floats(actual));
    }

    /** "epoch losses [..] vs [..]", for a report. */
    public static String describe(double[] expected, double[] actual) {
        return "per-epoch loss, expected " + Arrays.toString(expected) + " vs " + Arrays.toString(actual);
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
