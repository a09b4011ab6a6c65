package clnn.backend.opencl;

import clnn.DeviceException;
import clnn.backend.DeviceFloats;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.backend.opencl.GemmTuning.ShapeClass;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * engine tune: times gemm_blocked's candidate configurations for the device's kind
 * ({@link GemmConfig#candidates}) against the fixed policy on one shape per shape class, and keeps
 * per class the fastest (or the fixed policy, when nothing beats it). A candidate must first
 * reproduce the fixed policy's result on the tuning shape (the policy's kernels and every candidate
 * pass GemmParityTest; this check guards against a driver that miscompiles one configuration).
 * Times are medians of 3 batches of back-to-back launches, each batch at least {@link #BATCH_NANOS};
 * the whole run stops starting new candidates once its budget is spent. It times the NN form only;
 * the launcher runs the class's winner in every form (TN dW, NT dA: the same register blocking, built
 * for the form), which on PoCL beats the fixed policy there as well.
 */
public final class GemmTuner {
    /** Long enough to average out a launch's jitter (PoCL: 15-20 us), short enough for a few dozen candidates. */
    static final long BATCH_NANOS = 20_000_000L;

    private GemmTuner() {
    }

    /** The shapes the tuner times, one per class (GemmTuning.ShapeClass). */
    static Map<ShapeClass, int[]> defaultShapes() {
        Map<ShapeClass, int[]> s = new EnumMap<>(ShapeClass.class);
        for (ShapeClass c : ShapeClass.values()) s.put(c, new int[] {c.m, c.n, c.k});
        return s;
    }

    /**
     * Tunes device {@code device} on the default shapes, saves the result in the cache
     * (GemmTuning) and reports one line per class to {@code report}.
     *
     * @param device        the device to tune ({@code engine tune})
     * @param budgetSeconds wall-clock budget for the whole search, seconds
     * @param report        receives the progress and result lines
     * @throws DeviceException when the device cannot be opened or the cache cannot be written
     */
    public static void tuneAndSave(ClDevice device, long budgetSeconds, Consumer<String> report) {
        GemmTuning t;
        try (OpenClBackend b = new OpenClBackend(device, ClProgram.Sources.CLASSPATH)) {
            report.accept("tuning GEMM on " + device.shortName() + " (" + GemmConfig.candidates(device).size()
                    + " configurations x " + ShapeClass.values().length + " shape classes, budget " + budgetSeconds + " s)");
            t = tune(b, defaultShapes(), GemmConfig.candidates(device), budgetSeconds * 1_000_000_000L, report);
        }
        try {
            t.save(device);
        } catch (IOException e) {
            throw new DeviceException("cannot write the GEMM tuning cache " + GemmTuning.file(device) + ": " + e.getMessage(), e);
        }
        report.accept("saved " + GemmTuning.file(device));
    }

    /** The tuning of {@code backend}'s device for the given shapes and candidates (nothing saved). */
    static GemmTuning tune(OpenClBackend backend, Map<ShapeClass, int[]> shapes, List<GemmConfig> candidates,
                           long budgetNanos, Consumer<String> report) {
        long deadline = System.nanoTime() + budgetNanos;
        Map<ShapeClass, GemmConfig> chosen = new EnumMap<>(ShapeClass.class);
        backend.gemmTuning(GemmTuning.NONE);
        try {
            for (Map.Entry<ShapeClass, int[]> e : shapes.entrySet()) {
                int[] s = e.getValue();
                Map<String, Double> times = new LinkedHashMap<>();
                GemmConfig best = null;
                double bestNanos;
                try (Operands ops = new Operands(backend, s[0], s[1], s[2])) {
                    backend.forceGemmConfig(null);
                    bestNanos = ops.time(null);
                    float[] expected = ops.result();
                    times.put("policy", bestNanos);
                    for (GemmConfig c : candidates) {
                        if (System.nanoTime() > deadline) {
                            report.accept("  budget spent: the remaining configurations of " + e.getKey() + " were not timed");
                            break;
                        }
                        if (!backend.fits(c)) continue;
                        backend.forceGemmConfig(c);
                        double nanos = ops.time(expected);
                        if (Double.isNaN(nanos)) {
                            report.accept("  " + c + " disagrees with the policy's result on this device: skipped");
                            continue;
                        }
                        times.put(c.toString(), nanos);
                        if (nanos < bestNanos) {
                            bestNanos = nanos;
                            best = c;
                        }
                    }
                } finally {
                    backend.forceGemmConfig(null);
                }
                if (best != null) chosen.put(e.getKey(), best);
                double policy = times.get("policy");
                report.accept(String.format(Locale.ROOT, "  %-6s %-14s policy %9.1f us %7.2f GFLOP/s -> %s %9.1f us %7.2f GFLOP/s (%.2fx)",
                        e.getKey().name().toLowerCase(Locale.ROOT), s[0] + "x" + s[1] + "x" + s[2], policy / 1e3,
                        gflops(s, policy), best == null ? "policy" : "blocked " + best, bestNanos / 1e3, gflops(s, bestNanos),
                        policy / bestNanos));
            }
        } finally {
            backend.forceGemmConfig(null);
        }
        return new GemmTuning(chosen, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static double gflops(int[] s, double nanos) {
        return 2.0 * s[0] * s[1] * s[2] / nanos;
    }

    /** Random A, B and C of one shape on the device; each timing prepares a fresh call (a new kernel choice). */
    private static final class Operands implements AutoCloseable {
        final OpenClBackend backend;
        final int m;
        final int n;
        final int k;
        final DeviceFloats a;
        final DeviceFloats b;
        final DeviceFloats c;

        Operands(OpenClBackend backend, int m, int n, int k) {
            this.backend = backend;
            this.m = m;
            this.n = n;
            this.k = k;
            Random r = new Random(42);
            a = upload("tune A", r, m * k);
            b = upload("tune B", r, k * n);
            c = backend.allocFloats("tune C", m * n);
        }

        private DeviceFloats upload(String name, Random r, int length) {
            float[] v = new float[length];
            for (int i = 0; i < length; i++) v[i] = r.nextFloat() * 2 - 1;
            DeviceFloats d = backend.allocFloats(name, length);
            backend.upload(v, d);
            return d;
        }

        /**
         * Median nanoseconds per call of the kernel the backend now picks; NaN when {@code expected}
         * is given and the result differs from it by more than float rounding over k products.
         */
        double time(float[] expected) {
            Gemm g = new Gemm(false, false, m, n, k, new Operand(a, 0, k), null, new Operand(b, 0, n), new Operand(c, 0, n),
                    Epilogue.NONE);
            backend.gemm(g, 0);
            backend.finish();
            if (expected != null && !close(expected, result())) return Double.NaN;
            double[] batches = new double[3];
            for (int i = 0; i < batches.length; i++) {
                long start = System.nanoTime();
                int calls = 0;
                do {
                    backend.gemm(g, 0);
                    backend.finish();
                    calls++;
                } while (System.nanoTime() - start < BATCH_NANOS || calls < 2);
                batches[i] = (System.nanoTime() - start) / (double) calls;
            }
            Arrays.sort(batches);
            return batches[1];
        }

        float[] result() {
            float[] out = new float[m * n];
            backend.download(c, out);
            return out;
        }

        /** Operands in [-1, 1]: |C| <= k, and reordering k float products moves it by about k * 2^-24 * sqrt(k). */
        private boolean close(float[] expected, float[] actual) {
            double tol = 1e-4 + 1e-6 * k * Math.sqrt(k);
            for (int i = 0; i < expected.length; i++) {
                if (!(Math.abs(expected[i] - actual[i]) <= tol)) return false;
            }
            return true;
        }

        @Override
        public void close() {
            a.close();
            b.close();
            c.close();
        }
    }
}
