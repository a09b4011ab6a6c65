package clnn.bench;

import clnn.Adam;
import clnn.Fusion;
import clnn.backend.Backend;
import clnn.backend.cpu.CpuTwins;
import clnn.data.Dataset;
import clnn.train.Glorot;
import clnn.train.Rng;
import clnn.train.TrainingSession;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Vector API twin's fused training steps against its per-op steps ({@code fusion} auto or off, as
 * {@code --fusion} says), on the reference workload: 400-25-15-10 at batch 32 on the bundled digits.
 *
 * <p>Every iteration trains from the same initial weights and zero moments (a new session, outside the timing), so
 * an iteration measures the first epochs of a fit, as the reference fit of 40 epochs runs them. Why: after some
 * hundred epochs the Adam moments of weights whose gradient stays zero (pixels that are always blank) decay into
 * subnormal floats, and the exact float arithmetic on them takes microcode assists that make Adam, fused or not,
 * several times slower (measured: 40 µs a fused step at epoch 50, 120-230 µs from epoch 600); a benchmark that
 * keeps training measures that drift, not the step.
 * <ul>
 *   <li>{@code step}: the 156 full steps of an epoch as one call, reported per step (µs/op): the step itself, with
 *       the fused call's copy in and out of its padded arrays spread over the epoch, as the trainer runs it;</li>
 *   <li>{@code oneStepCall}: a single step per call, the copy included: what a live progress bar at its shortest
 *       interval would pay;</li>
 *   <li>{@code epoch}: one epoch as the trainer runs it (permutation upload, 157 steps, one metrics read-back).</li>
 * </ul>
 * Needs the Vector API twin: run with {@code java --add-modules jdk.incubator.vector -jar target/benchmarks.jar
 * FusedStepBench} (the forks inherit the flag).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class FusedStepBench {
    @Param({"auto", "off"})
    public String fusion;

    private Backend backend;
    private TrainingSession session;
    private Fusion mode;
    private int[] order;
    private int epoch;
    private int step;

    private Dataset data;

    @Setup(Level.Trial)
    public void setUp() {
        backend = CpuTwins.open(CpuTwins.Choice.VECTOR, 1);
        data = BenchDevices.digits();
        mode = fusion.equals("off") ? Fusion.OFF : Fusion.AUTO;
        order = new int[data.rows()];
    }

    /** A fresh fit: the initial weights, zero moments, the first epoch's order. */
    @Setup(Level.Iteration)
    public void freshSession() {
        if (session != null) session.close();
        session = new TrainingSession(backend, BenchDevices.REFERENCE, new Adam(),
                Glorot.uniform(BenchDevices.REFERENCE, 1), data, 32);
        if (mode == Fusion.AUTO && !session.fuses(Fusion.AUTO)) {
            throw new IllegalStateException("the Vector API twin does not fuse the reference network");
        }
        epoch = 0;
        step = 0;
        Rng.forStream(1, 0).permutation(order);
        session.beginEpoch(order);
    }

    @Benchmark
    @OperationsPerInvocation(156)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long step() {
        session.runSteps(0, 156, mode);
        return session.adamStep();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long oneStepCall() {
        session.runSteps(step, 1, mode);
        step = (step + 1) % 156;
        return session.adamStep();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public float epoch() {
        Rng.forStream(1, ++epoch).permutation(order);
        session.beginEpoch(order);
        session.runSteps(0, session.steps(), mode);
        return session.readMetrics()[0];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        backend.close();
    }
}
