package clnn.bench;

import clnn.Adam;
import clnn.backend.Backend;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the reference network (forward, loss, backward, Adam) on the bundled digits,
 * at batch 32, 128 and 1024. The data, weights and buffers are on the device before timing starts
 * (Setup, Level.Trial); each invocation enqueues one step and waits for it (finish), so an OpenCL
 * time includes the queue's latency, as a user's step does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TrainStepBench {
    @Param({"cpu", "opencl"})
    public String device;

    @Param({"32", "128", "1024"})
    public int batch;

    private Backend backend;
    private TrainingSession session;
    private int step;

    @Setup(Level.Trial)
    public void setUp() {
        backend = BenchDevices.open(device);
        var data = BenchDevices.digits();
        session = new TrainingSession(backend, BenchDevices.REFERENCE, new Adam(),
                Glorot.uniform(BenchDevices.REFERENCE, 1), data, batch);
        int[] order = new int[data.rows()];
        Rng.forStream(1, 0).permutation(order);
        session.beginEpoch(order);
    }

    @Benchmark
    public int step() {
        session.step(step);
        backend.finish();
        step = (step + 1) % (session.steps() - 1); // full batches only
        return step;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        backend.close();
    }
}
