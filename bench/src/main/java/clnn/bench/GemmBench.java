package clnn.bench;

import clnn.check.GemmOp;
import clnn.check.OpCase;
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
 * gemm, on cases of {@link GemmOp}: {@code mnk} is either "MxNxK", the plain NN case of that shape
 * (the reference workload's layer-1 shape for one batch, 32x25x400, and for the whole data set,
 * 5000x25x400, and 1024^3), or a full case name such as the layer-1 forward call
 * (NN_32x25x400_gather_bias_activation_relu) and weight gradient (TN_400x25x32_gather_bias_gradient).
 * See {@link OpBench} for what is timed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBench extends OpBench {
    @Param({"cpu", "opencl"})
    public String device;

    @Param({"32x25x400", "5000x25x400", "256x512x784", "1024x1024x1024", "NN_32x25x400_gather_bias_activation_relu",
        "TN_400x25x32_gather_bias_gradient"})
    public String mnk;

    /**
     * "cache": the device's GEMM tuning from engine tune (untuned devices run the fixed policy);
     * "off": the fixed policy (gemm_rowvec / gemm_colvec on CPU devices, gemm_tiled / gemm_simple
     * on GPUs), the kernels before gemm_blocked, for side-by-side runs.
     */
    @Param({"cache", "off"})
    public String tuning;

    @Override
    public void setUp() {
        if (tuning.equals("off")) System.setProperty("clnn.tuning", "off");
        else System.clearProperty("clnn.tuning");
        super.setUp();
    }

    @Override
    protected OpDescription<?> op() {
        return GemmOp.INSTANCE;
    }

    @Override
    protected String device() {
        return device;
    }

    @Override
    protected String caseName() {
        return mnk;
    }

    /** "MxNxK" is the plain NN case of that shape; anything with an underscore is a case name. */
    @Override
    protected OpCase opCase() {
        return mnk.contains("_") ? GemmOp.INSTANCE.named(mnk) : GemmOp.INSTANCE.plain(mnk);
    }
}
