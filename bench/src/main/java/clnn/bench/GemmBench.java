package clnn.bench;

import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * C = A B (no transposes, no epilogue) at the reference workload's layer-1 shape for one batch
 * (32x25x400) and for the whole data set (5000x25x400), and at 1024^3. Each invocation launches one
 * GEMM and waits for it. Throughput mode: the score is GEMMs per second, and the "flops" counter
 * (2mnk per invocation) is reported as FLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBench {
    @Param({"cpu", "opencl"})
    public String device;

    @Param({"32x25x400", "5000x25x400", "1024x1024x1024"})
    public String mnk;

    private Backend backend;
    private DeviceFloats a;
    private DeviceFloats b;
    private DeviceFloats c;
    private Gemm gemm;

    /** FLOPs done, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = mnk.split("x");
        int m = Integer.parseInt(s[0]);
        int n = Integer.parseInt(s[1]);
        int k = Integer.parseInt(s[2]);
        backend = BenchDevices.open(device);
        a = random("a", m * k);
        b = random("b", k * n);
        c = backend.allocFloats("c", m * n);
        gemm = new Gemm(false, false, m, n, k, new Operand(a, 0, k), null, new Operand(b, 0, n), new Operand(c, 0, n),
                Epilogue.NONE);
    }

    private DeviceFloats random(String name, int count) {
        float[] h = new float[count];
        Random r = new Random(count);
        for (int i = 0; i < count; i++) h[i] = r.nextFloat() * 2 - 1;
        DeviceFloats d = backend.allocFloats(name, count);
        backend.upload(h, d);
        return d;
    }

    @Benchmark
    public void gemm(Flops counter) {
        backend.gemm(gemm, 0);
        backend.finish();
        counter.flops += gemm.flops();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }
}
