package clnn.bench;

import clnn.check.SoftmaxCrossEntropyOp;
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
 * softmax_cross_entropy, on cases of {@link SoftmaxCrossEntropyOp} named by {@code opCase} (any name from its case list; the
 * defaults are the loss of one training step at batch 32 and 1024 (labels gathered, gradient written)). See {@link OpBench} for what is timed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SoftmaxCrossEntropyBench extends OpBench {
    @Param({"cpu", "opencl"})
    public String device;

    @Param({"32x10_gather_grad_scale1", "1024x10_gather_grad_scale1"})
    public String opCase;

    @Override
    protected OpDescription<?> op() {
        return SoftmaxCrossEntropyOp.INSTANCE;
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
