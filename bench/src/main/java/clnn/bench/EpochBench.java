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
 * One epoch of the reference workload: 157 steps at batch 32 over the 5000 digits, as the trainer
 * runs it (one permutation upload, the steps, one read-back of the summed loss at the end).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EpochBench {
    @Param({"cpu", "opencl"})
    public String device;

    private Backend backend;
    private TrainingSession session;
    private int[] order;
    private int epoch;

    @Setup(Level.Trial)
    public void setUp() {
        backend = BenchDevices.open(device);
        var data = BenchDevices.digits();
        session = new TrainingSession(backend, BenchDevices.REFERENCE, new Adam(),
                Glorot.uniform(BenchDevices.REFERENCE, 1), data, 32);
        order = new int[data.rows()];
    }

    @Benchmark
    public float epoch() {
        Rng.forStream(1, epoch++).permutation(order);
        session.beginEpoch(order);
        for (int s = 0; s < session.steps(); s++) session.step(s);
        return session.readMetrics()[0];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        backend.close();
    }
}
