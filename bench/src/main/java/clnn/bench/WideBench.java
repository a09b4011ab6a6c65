package clnn.bench;

import clnn.Activation;
import clnn.Adam;
import clnn.Device;
import clnn.backend.Backend;
import clnn.backend.Backends;
import clnn.check.GemmCase;
import clnn.check.OpCase;
import clnn.data.Dataset;
import clnn.train.Glorot;
import clnn.train.NetworkShape;
import clnn.train.Rng;
import clnn.train.TrainingSession;
import java.util.Arrays;
import java.util.Locale;

/**
 * Issue 11's numbers: the CPU path on a wide network, 784-512-256-10 at batch 256. Two parts, each
 * printing medians:
 * <ul>
 *   <li>{@code gemm}: GFLOP/s of each GEMM one training step runs (forward, dW + db, dA), with the
 *       epilogues and the row gather the step uses;</li>
 *   <li>{@code epoch}: the time of one epoch over 50,000 synthetic rows ({@link Scaling#synthetic}),
 *       after one warm-up epoch.</li>
 * </ul>
 * A JMH benchmark would be the usual tool, but an epoch of this size takes seconds and the point is
 * a side-by-side with PyTorch's epoch ({@code bench/peers/torch_wide.py}); the GEMM part runs each
 * product enough times (at least 0.5 s) that the JIT has compiled it before the timed repetitions.
 *
 *   java --add-modules jdk.incubator.vector -cp target/benchmarks.jar clnn.bench.WideBench gemm|epoch [threads]
 *   (-Dclnn.cpu=fast|vector picks the twin, as for the engine; -Dclnn.bench.device=gpu|opencl[:N] runs on OpenCL)
 */
public final class WideBench {
    private WideBench() {
    }

    /** The products of one step of 784-512-256-10 at batch 256 (layer 3's are small and listed last). */
    static final GemmCase[] STEP = {
        new GemmCase(false, false, 256, 512, 784, true, GemmCase.BIAS_ACTIVATION, Activation.RELU, 1),
        new GemmCase(false, false, 256, 256, 512, false, GemmCase.BIAS_ACTIVATION, Activation.RELU, 2),
        new GemmCase(true, false, 784, 512, 256, true, GemmCase.BIAS_GRADIENT, null, 3),
        new GemmCase(true, false, 512, 256, 256, false, GemmCase.BIAS_GRADIENT, null, 4),
        new GemmCase(false, true, 256, 512, 256, false, GemmCase.ACTIVATION_GRADIENT, Activation.RELU, 5),
        new GemmCase(false, false, 256, 10, 256, false, GemmCase.BIAS_ACTIVATION, Activation.LINEAR, 6),
        new GemmCase(true, false, 256, 10, 256, false, GemmCase.BIAS_GRADIENT, null, 7),
        new GemmCase(false, true, 256, 256, 10, false, GemmCase.ACTIVATION_GRADIENT, Activation.RELU, 8),
    };

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "gemm";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        if (what.equals("gemm")) {
            for (int round = args.length > 2 ? Integer.parseInt(args[2]) : 1; round > 0; round--) gemm(threads);
        }
        else epoch(threads, args.length > 2 ? Integer.parseInt(args[2]) : 3);
    }

    /** The CPU path by default; {@code -Dclnn.bench.device=gpu|opencl|opencl:N} runs the same on OpenCL. */
    static Backend open(int threads) {
        String device = System.getProperty("clnn.bench.device", "cpu");
        Device d = device.equals("cpu") ? Device.cpu().withThreads(threads) : Device.parse(device);
        Backend b = Backends.open(d, notice -> { });
        System.out.println("WideBench on " + b.description());
        return b;
    }

    static void gemm(int threads) {
        try (Backend b = open(threads)) {
            System.out.println("backend: " + b.description() + ", threads " + threads);
            for (GemmCase c : STEP) {
                try (OpCase.Prepared p = c.prepare(b)) {
                    int reps = 1;
                    long t0 = System.nanoTime();
                    // launch() only enqueues on OpenCL: wait for each call here, or the loop queues
                    // thousands of calls that the timed part would then wait for.
                    while (System.nanoTime() - t0 < 500_000_000L) {
                        p.launch();
                        b.finish();
                        reps++;
                    }
                    double[] ms = new double[7];
                    int inner = Math.max(1, reps / 10);
                    for (int r = 0; r < ms.length; r++) {
                        long s = System.nanoTime();
                        for (int i = 0; i < inner; i++) p.launch();
                        b.finish();
                        ms[r] = (System.nanoTime() - s) / 1e6 / inner;
                    }
                    Arrays.sort(ms);
                    double med = ms[ms.length / 2];
                    System.out.printf(Locale.ROOT, "%-44s %9.3f ms %7.1f GFLOP/s%n", c.name(), med,
                            c.flops() / med / 1e6);
                }
            }
        }
    }

    /**
     * The epoch part's network, batch and rows: 784-512-256-10 at batch 256 over 50,000 rows unless
     * {@code -Dclnn.bench.widths=400,1024,1024,10}, {@code -Dclnn.bench.batch=N}, {@code -Dclnn.bench.rows=N} say
     * otherwise (the issue 11 sweep, bench/sweep.sh). Hidden layers relu, the last linear.
     */
    static NetworkShape epochShape() {
        int[] widths = Arrays.stream(System.getProperty("clnn.bench.widths", "784,512,256,10").split(","))
                .mapToInt(Integer::parseInt).toArray();
        Activation[] acts = new Activation[widths.length - 1];
        Arrays.fill(acts, Activation.RELU);
        acts[acts.length - 1] = Activation.LINEAR;
        return new NetworkShape(widths[0], Arrays.copyOfRange(widths, 1, widths.length), acts);
    }

    static void epoch(int threads, int epochs) {
        NetworkShape shape = epochShape();
        int batch = Integer.getInteger("clnn.bench.batch", 256);
        int rows = Integer.getInteger("clnn.bench.rows", 50_000);
        Dataset data = Scaling.synthetic(rows, shape.inputs());
        try (Backend b = open(threads);
             TrainingSession s = new TrainingSession(b, shape, new Adam(), Glorot.uniform(shape, 1), data, batch)) {
            System.out.println("backend: " + b.description() + ", threads " + threads + ", network " + widthsOf(shape)
                    + ", batch " + batch + ", rows " + rows);
            int[] order = new int[data.rows()];
            double[] secs = new double[epochs];
            for (int epoch = 0; epoch <= epochs; epoch++) {
                Rng.forStream(1, epoch).permutation(order);
                long t0 = System.nanoTime();
                s.beginEpoch(order);
                for (int step = 0; step < s.steps(); step++) s.step(step);
                float[] metrics = s.readMetrics();
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "epoch %d: %.3f s, loss %.4f%n", epoch, sec, metrics[0] / data.rows());
                if (epoch > 0) secs[epoch - 1] = sec;
            }
            Arrays.sort(secs);
            double median = secs[epochs / 2];
            System.out.printf(Locale.ROOT, "median epoch (after the first): %.3f s, %.1f ms/step, %.1f GFLOP/s%n", median,
                    median * 1e3 / s.steps(), epochFlops(shape, rows) / median / 1e9);
        }
    }

    static String widthsOf(NetworkShape shape) {
        StringBuilder sb = new StringBuilder();
        for (int l = 0; l <= shape.layers(); l++) sb.append(l == 0 ? "" : "-").append(shape.width(l));
        return sb.toString();
    }

    /** An epoch's FLOPs: forward and dW for every layer, dA for layers 2..L, over every row. */
    static double epochFlops(NetworkShape shape, int rows) {
        double macs = 0;
        for (int l = 1; l <= shape.layers(); l++) macs += (l == 1 ? 2.0 : 3.0) * shape.width(l - 1) * shape.width(l);
        return 2.0 * macs * rows;
    }
}
