package clnn.bench;

import clnn.Adam;
import clnn.Device;
import clnn.FitOptions;
import clnn.Fusion;
import clnn.History;
import clnn.backend.Backend;
import clnn.backend.Backends;
import clnn.data.Dataset;
import clnn.train.Glorot;
import clnn.train.Trainer;
import clnn.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 12's numbers: the reference fit (the bundled digits, 400-25-15-10, Adam 0.001, batch 32, shuffled with
 * seed 1, as {@code engine train} runs it) with whole steps fused ({@code --fusion auto}) and op by op
 * ({@code --fusion off}), side by side in one JVM on one backend, alternating, after one warm-up epoch of each (the
 * program builds). Per run: the fit's time (the sum of its epochs, as the 'trained' line reports it), microseconds
 * per step, launches and host syncs per epoch (BackendCounters); then the medians.
 *
 *   java -cp target/benchmarks.jar clnn.bench.FusionBench [runs=3] [epochs=40]
 *   (-Dclnn.bench.device=opencl|opencl:N|gpu|cpu; default opencl: the first GPU, else the first OpenCL device)
 */
public final class FusionBench {
    private FusionBench() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Dataset d = BenchDevices.digits();
        try (Backend b = Backends.open(Device.parse(System.getProperty("clnn.bench.device", "opencl")), s -> { })) {
            System.out.println("FusionBench on " + b.description() + ": " + runs + " runs of " + epochs + " epochs");
            for (Fusion f : Fusion.values()) fit(b, d, f, 1);
            List<List<double[]>> results = List.of(new ArrayList<>(), new ArrayList<>());
            for (int run = 1; run <= runs; run++) {
                for (Fusion f : Fusion.values()) {
                    long l0 = b.counters().launches();
                    long s0 = b.counters().hostSyncs();
                    History h = fit(b, d, f, epochs);
                    double seconds = h.trainingSeconds();
                    int steps = h.last().steps() * h.size();
                    double[] r = {seconds, seconds * 1e6 / steps, (b.counters().launches() - l0) / (double) epochs,
                        (b.counters().hostSyncs() - s0) / (double) epochs};
                    results.get(f.ordinal()).add(r);
                    System.out.printf(Locale.ROOT, "fusion %-4s run %d: %d epochs in %.3f s (%.1f us/step), %.1f launches"
                            + " and %.1f host syncs per epoch, final loss %.6f; %s%n", name(f), run, epochs, r[0], r[1],
                            r[2], r[3], h.last().loss(), h.stepPath());
                }
            }
            for (Fusion f : Fusion.values()) {
                double[] m = median(results.get(f.ordinal()));
                System.out.printf(Locale.ROOT, "median fusion %-4s: %d epochs in %.3f s (%.1f us/step), %.1f launches per"
                        + " epoch (%d runs)%n", name(f), epochs, m[0], m[1], m[2], runs);
            }
        }
    }

    private static String name(Fusion f) {
        return f.name().toLowerCase(Locale.ROOT);
    }

    private static History fit(Backend b, Dataset d, Fusion f, int epochs) {
        float[] params = Glorot.uniform(BenchDevices.REFERENCE, 1);
        FitOptions o = new FitOptions().epochs(epochs).batchSize(32).seed(1).verbose(0).fusion(f);
        return new Trainer(b, BenchDevices.REFERENCE, new Adam()).fit(params, d, null, o.plan(), TrainingListener.SILENT);
    }

    /** Per column, the median over runs. */
    private static double[] median(List<double[]> runs) {
        double[] out = new double[runs.get(0).length];
        for (int c = 0; c < out.length; c++) {
            double[] col = new double[runs.size()];
            for (int i = 0; i < col.length; i++) col[i] = runs.get(i)[c];
            Arrays.sort(col);
            out[c] = col[col.length / 2];
        }
        return out;
    }
}
