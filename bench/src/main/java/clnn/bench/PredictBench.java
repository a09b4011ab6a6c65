package clnn.bench;

import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.train.Glorot;
import clnn.train.Inference;
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

/** Logits for all 5000 digits (forward passes in chunks of 1024 rows, logits read back), data already on the device. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PredictBench {
    @Param({"cpu", "opencl"})
    public String device;

    private Backend backend;
    private DeviceFloats params;
    private Inference inference;
    private float[] logits;

    @Setup(Level.Trial)
    public void setUp() {
        backend = BenchDevices.open(device);
        var data = BenchDevices.digits();
        params = backend.allocFloats("params", BenchDevices.REFERENCE.paramCount());
        backend.upload(Glorot.uniform(BenchDevices.REFERENCE, 1), params);
        inference = new Inference(backend, BenchDevices.REFERENCE, params, data, "predict");
        logits = new float[data.rows() * 10];
    }

    @Benchmark
    public float[] predict() {
        inference.run(logits);
        return logits;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inference.close();
        params.close();
        backend.close();
    }
}
