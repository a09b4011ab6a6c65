package clnn.bench;

import clnn.Activation;
import clnn.Adam;
import clnn.backend.Backend;
import clnn.data.Dataset;
import clnn.train.Glorot;
import clnn.train.Inference;
import clnn.train.NetworkShape;
import clnn.train.Rng;
import clnn.train.TrainingSession;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * How the cost of an epoch grows with the data: synthetic data sets of 5k, 50k and 500k rows, 400 and
 * 784 features, batch 32 and 1024, on the CPU path and on OpenCL. The rows are seeded uniform noise
 * labelled by a fixed random linear "teacher" (argmax of x T), so the task is learnable. For each
 * size: the time of the second epoch, its cost per row, the peak JVM heap, the device memory the
 * session holds, and the bytes the training thread allocated per step during that epoch.
 *
 *   java -Xmx8g -cp target/benchmarks.jar clnn.bench.Scaling [cpu|opencl ...]
 */
public final class Scaling {
    private Scaling() {
    }

    public static void main(String[] args) {
        String[] devices = args.length > 0 ? args : new String[] {"cpu", "opencl"};
        System.out.printf(Locale.ROOT, "%-7s %8s %6s %6s %9s %9s %8s %10s %10s %12s%n", "device", "rows", "width",
                "batch", "epoch s", "us/step", "ns/row", "heap MB", "device MB", "alloc B/step");
        for (String device : devices) {
            for (int width : new int[] {400, 784}) {
                for (int rows : new int[] {5_000, 50_000, 500_000}) {
                    Dataset data = synthetic(rows, width);
                    for (int batch : new int[] {32, 1024}) run(device, data, batch);
                }
            }
        }
    }

    static Dataset synthetic(int rows, int width) {
        Rng rng = new Rng(rows * 31L + width);
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat();
        // A fixed linear teacher, centred so that no class dominates: y = argmax((x - 0.5) T).
        NetworkShape teacher = new NetworkShape(width, new int[] {10}, new Activation[] {Activation.LINEAR});
        float[] t = Glorot.uniform(teacher, 99);
        for (int j = 0; j < 10; j++) {
            float s = 0;
            for (int i = 0; i < width; i++) s += t[i * 10 + j];
            t[teacher.biasOffset(1) + j] = -0.5f * s;
        }
        int[] y = new int[rows];
        Dataset unlabelled = new Dataset(x, y, width, 10, "synthetic");
        float[] logits;
        try (Backend cpu = BenchDevices.open("cpu")) {
            logits = Inference.logits(cpu, teacher, t, unlabelled);
        }
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int j = 1; j < 10; j++) if (logits[r * 10 + j] > logits[r * 10 + best]) best = j;
            y[r] = best;
        }
        return new Dataset(x, y, width, 10, rows + "x" + width + " synthetic");
    }

    static void run(String device, Dataset data, int batch) {
        NetworkShape shape = new NetworkShape(data.features(), new int[] {25, 15, 10},
                new Activation[] {Activation.RELU, Activation.RELU, Activation.LINEAR});
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        try (Backend backend = BenchDevices.open(device);
             TrainingSession s = new TrainingSession(backend, shape, new Adam(), Glorot.uniform(shape, 1), data, batch)) {
            long deviceBytes = backend.counters().liveBytes();
            int[] order = new int[data.rows()];
            double seconds = 0;
            long allocated = 0;
            for (int epoch = 0; epoch < 2; epoch++) {
                Rng.forStream(1, epoch).permutation(order);
                long a0 = threads.getThreadAllocatedBytes(tid);
                long t0 = System.nanoTime();
                s.beginEpoch(order);
                for (int step = 0; step < s.steps(); step++) s.step(step);
                s.readMetrics();
                seconds = (System.nanoTime() - t0) / 1e9;
                allocated = threads.getThreadAllocatedBytes(tid) - a0;
            }
            long heap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) heap += pool.getPeakUsage().getUsed();
            }
            System.out.printf(Locale.ROOT, "%-7s %8d %6d %6d %9.3f %9.1f %8.1f %10.0f %10.1f %12.1f%n", device,
                    data.rows(), data.features(), batch, seconds, seconds * 1e6 / s.steps(),
                    seconds * 1e9 / data.rows(), heap / 1e6, deviceBytes / 1e6, (double) allocated / s.steps());
        }
    }
}
