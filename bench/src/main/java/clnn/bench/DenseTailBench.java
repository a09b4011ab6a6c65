package clnn.bench;

import clnn.check.DenseTailOp;
import clnn.check.OpDescription;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * dense_tail, on cases of {@link DenseTailOp} named by {@code opCase} (any name from its case list; the
 * defaults are the reference network's tail (25 -> 15 -> 10, relu then linear) at batch 32 and on a batch of 33 rows). See {@link OpBench} for what is timed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DenseTailBench extends OpBench {
    @Param({"cpu", "opencl"})
    public String device;

    @Param({"32_25-15-10_relu-linear_s31", "33_25-15-10_relu-linear_s46"})
    public String opCase;

    @Override
    protected OpDescription<?> op() {
        return DenseTailOp.INSTANCE;
    }

    @Override
    protected String device() {
        return device;
    }

    @Override
    protected String caseName() {
        return opCase;
    }
}
