package clnn.backend.check;

import clnn.Adam;
import clnn.FitOptions;
import clnn.History;
import clnn.backend.Backend;
import clnn.backend.cpu.CpuBackend;
import clnn.data.Dataset;
import clnn.train.NetworkShape;
import clnn.train.Trainer;
import clnn.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs every op case of a backend against the reference backend, and a short fixed-seed training
 * trace, and reports per family how many cases ran, how many failed and the largest error. This is
 * what {@code engine selftest} prints; the unit tests assert the same comparisons case by case.
 */
public final class ParityCheck {
    private ParityCheck() {
    }

    /** One family of cases: "gemm", "softmax cross-entropy", "adam", "training trace". */
    public record Family(String name, int cases, int failures, double maxError, String firstFailure) {
        public boolean ok() {
            return failures == 0 && cases > 0;
        }

        public String line() {
            return String.format(Locale.ROOT, "%-22s %4d cases  %s  max error %.2e%s", name, cases,
                    ok() ? "ok  " : "FAIL", maxError, firstFailure == null ? "" : "\n    " + firstFailure);
        }
    }

    public static List<Family> run(Supplier<Backend> backendUnderTest) {
        List<Family> out = new ArrayList<>();
        try (Backend ref = new CpuBackend(); Backend test = backendUnderTest.get()) {
            out.add(gemm(ref, test));
            out.add(softmax(ref, test));
            out.add(adam(ref, test));
            out.add(denseTail(ref, test));
        }
        return out;
    }

    private static Family gemm(Backend ref, Backend test) {
        List<GemmCase> cases = GemmCases.all();
        Tally t = new Tally("gemm");
        for (GemmCase c : cases) {
            t.add(c.toString(), Comparison.of(c.run(ref), c.run(test), Tolerances.GEMM_ABS, Tolerances.GEMM_REL),
                    Tolerances.GEMM_ABS, Tolerances.GEMM_REL);
        }
        return t.family();
    }

    private static Family softmax(Backend ref, Backend test) {
        Tally t = new Tally("softmax cross-entropy");
        long seed = 1;
        for (int[] s : new int[][] {{1, 1}, {3, 2}, {32, 10}, {33, 7}, {257, 10}, {1024, 10}, {8, 100}}) {
            for (boolean gather : new boolean[] {false, true}) {
                for (float scale : new float[] {1f, 30f}) {
                    SoftmaxCase c = new SoftmaxCase(s[0], s[1], gather, true, scale, seed++);
                    double abs = Tolerances.SOFTMAX_ABS * s[0];
                    t.add(c.toString(), Comparison.of(c.run(ref), c.run(test), abs, Tolerances.SOFTMAX_REL), abs,
                            Tolerances.SOFTMAX_REL);
                }
            }
        }
        for (int rows : new int[] {1, 32, 300}) {
            SoftmaxCase c = new SoftmaxCase(rows, 10, true, true, 1f, seed++, true);
            t.add(c.toString(), Comparison.of(c.run(ref), c.run(test), Tolerances.SOFTMAX_ABS * rows,
                    Tolerances.SOFTMAX_REL), Tolerances.SOFTMAX_ABS * rows, Tolerances.SOFTMAX_REL);
        }
        return t.family();
    }

    private static Family denseTail(Backend ref, Backend test) {
        Tally t = new Tally("dense tail (fused)");
        for (DenseTailCase c : DenseTailCase.all()) {
            t.add(c.toString(), Comparison.of(c.run(ref), c.run(test), Tolerances.GEMM_ABS, Tolerances.GEMM_REL),
                    Tolerances.GEMM_ABS, Tolerances.GEMM_REL);
        }
        return t.family();
    }

    private static Family adam(Backend ref, Backend test) {
        Tally t = new Tally("adam");
        for (int count : new int[] {1, 65, 10_575}) {
            AdamCase c = new AdamCase(count, 5, count);
            t.add(c.toString(), Comparison.of(c.run(ref), c.run(test), Tolerances.ADAM_ABS, Tolerances.ADAM_REL),
                    Tolerances.ADAM_ABS, Tolerances.ADAM_REL);
        }
        return t.family();
    }

    /**
     * Trains the same network from the same weights for {@code epochs} epochs without shuffling on
     * the reference and on the backend under test; compares the per-epoch losses.
     */
    public static Family trace(Supplier<Backend> backendUnderTest, NetworkShape shape, Dataset data, int epochs,
                               float[] initial) {
        History a;
        History b;
        try (Backend ref = new CpuBackend(); Backend test = backendUnderTest.get()) {
            FitOptions o = new FitOptions().epochs(epochs).shuffle(false).verbose(0);
            a = new Trainer(ref, shape, new Adam()).fit(initial.clone(), data, null, o.plan(), TrainingListener.SILENT);
            b = new Trainer(test, shape, new Adam()).fit(initial.clone(), data, null, o.plan(), TrainingListener.SILENT);
        }
        float[] ea = new float[epochs];
        float[] eb = new float[epochs];
        for (int e = 0; e < epochs; e++) {
            ea[e] = (float) a.loss()[e];
            eb[e] = (float) b.loss()[e];
        }
        Tally t = new Tally(epochs + "-epoch loss trace");
        t.add("per-epoch loss, reference " + java.util.Arrays.toString(ea) + " vs " + java.util.Arrays.toString(eb),
                Comparison.of(ea, eb, 0, Tolerances.TRACE_REL), 0, Tolerances.TRACE_REL);
        return t.family();
    }

    private static final class Tally {
        final String name;
        int cases;
        int failures;
        double maxError;
        String first;

        Tally(String name) {
            this.name = name;
        }

        void add(String label, Comparison c, double abs, double rel) {
            cases++;
            maxError = Math.max(maxError, c.maxError());
            if (!c.ok()) {
                failures++;
                if (first == null) first = c.describe(label, abs, rel);
            }
        }

        Family family() {
            return new Family(name, cases, failures, maxError, first);
        }
    }
}
