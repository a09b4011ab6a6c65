package clnn.train;

import static clnn.Close.assertClose;

import clnn.Activation;
import clnn.check.Tolerances;
import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.backend.cpu.CpuBackend;
import clnn.data.Dataset;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backward pass of the reference backend against central finite differences of the mean loss,
 * computed in double by an independent forward pass written here, for every parameter of a small
 * three-layer network whose hidden activation is each activation type in turn.
 */
class GradientCheckTest {
    private static final int ROWS = 6;
    private static final int[] WIDTHS = {7, 5, 4, 3};

    @ParameterizedTest
    @EnumSource(Activation.class)
    void analyticGradientMatchesFiniteDifferences(Activation hidden) {
        NetworkShape shape = new NetworkShape(WIDTHS[0], new int[] {WIDTHS[1], WIDTHS[2], WIDTHS[3]},
                new Activation[] {hidden, Activation.SIGMOID, Activation.LINEAR});
        Random r = new Random(42 + hidden.ordinal());
        float[] params = new float[shape.paramCount()];
        for (int i = 0; i < params.length; i++) params[i] = (r.nextFloat() * 2 - 1) * 0.8f;
        float[] x = new float[ROWS * WIDTHS[0]];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
        int[] y = new int[ROWS];
        for (int i = 0; i < ROWS; i++) y[i] = r.nextInt(WIDTHS[3]);
        Dataset data = new Dataset(x, y, WIDTHS[0], WIDTHS[3], "gradient check");

        float[] analytic = analyticGradient(shape, params, data);
        float[] numeric = new float[params.length];
        double[] p = new double[params.length];
        for (int i = 0; i < p.length; i++) p[i] = params[i];
        double h = 1e-6;
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + h;
            double up = meanLoss(shape, p, data);
            p[i] = keep - h;
            double down = meanLoss(shape, p, data);
            p[i] = keep;
            numeric[i] = (float) ((up - down) / (2 * h));
        }
        assertClose("dLoss/dparams (" + hidden.kerasName() + " hidden layer)", numeric, analytic, Tolerances.GRADIENT_ABS,
                Tolerances.GRADIENT_REL);
    }

    /** One forward + loss + backward step of the reference backend, with no optimizer step. */
    private static float[] analyticGradient(NetworkShape shape, float[] params, Dataset data) {
        try (Backend cpu = new CpuBackend();
             DeviceData d = new DeviceData(cpu, data, "check");
             DeviceFloats p = cpu.allocFloats("params", params.length);
             DeviceFloats g = cpu.allocFloats("grads", params.length);
             DeviceFloats metrics = cpu.allocFloats("metrics", SoftmaxCrossEntropy.METRIC_COUNT);
             Workspace ws = new Workspace(cpu, shape, ROWS, true)) {
            cpu.upload(params, p);
            StepPlan plan = StepPlan.training(shape, ROWS, d, p, g, ws, metrics);
            for (var gemm : plan.forward) cpu.gemm(gemm, 0);
            cpu.softmaxCrossEntropy(plan.loss, 0);
            for (var gemm : plan.backward) cpu.gemm(gemm, 0);
            float[] out = new float[params.length];
            cpu.download(g, out);
            return out;
        }
    }

    /** The mean cross-entropy in double, from the definitions, independent of the backends. */
    private static double meanLoss(NetworkShape s, double[] p, Dataset data) {
        double total = 0;
        for (int r = 0; r < data.rows(); r++) {
            double[] a = new double[s.inputs()];
            for (int i = 0; i < a.length; i++) a[i] = data.x()[r * s.inputs() + i];
            for (int l = 1; l <= s.layers(); l++) {
                int in = s.width(l - 1);
                int out = s.width(l);
                double[] z = new double[out];
                for (int j = 0; j < out; j++) {
                    double sum = p[s.biasOffset(l) + j];
                    for (int i = 0; i < in; i++) sum += a[i] * p[s.weightOffset(l) + i * out + j];
                    z[j] = activate(s.activation(l), sum);
                }
                a = z;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double v : a) max = Math.max(max, v);
            double sum = 0;
            for (double v : a) sum += Math.exp(v - max);
            total += Math.log(sum) + max - a[data.y()[r]];
        }
        return total / data.rows();
    }

    private static double activate(Activation act, double z) {
        return switch (act) {
            case RELU -> Math.max(0, z);
            case LINEAR -> z;
            case SIGMOID -> 1 / (1 + Math.exp(-z));
        };
    }
}
