package clnn.bench;

import clnn.check.AdamOp;
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
 * adam, on cases of {@link AdamOp} named by {@code opCase} (any name from its case list; the
 * default is the reference network's 10,575 parameters). The case runs 5 steps in the parity
 * tests; here each invocation is one step. See {@link OpBench} for what is timed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AdamBench extends OpBench {
    @Param({"cpu", "opencl"})
    public String device;

    @Param({"10575x5"})
    public String opCase;

    @Override
    protected OpDescription<?> op() {
        return AdamOp.INSTANCE;
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
