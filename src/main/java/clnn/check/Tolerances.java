package clnn.check;

/**
 * Every tolerance the tests use, in one place, each with the reason for its size. All paths
 * compute in float32 (24-bit mantissa, unit roundoff u = 6e-8); a sum of k products carries an
 * error that grows like k * u in the worst case and sqrt(k) * u typically.
 */
public final class Tolerances {
    private Tolerances() {
    }

    /**
     * One GEMM, another summation order (fast CPU twin or an OpenCL kernel) against the reference:
     * k up to ~1000 products of values of order 1 gives errors of order 1e-5 relative to the size
     * of the sum; inputs in the tests are in [-1, 1], so 1e-4 absolute + 1e-4 relative is loose
     * enough for k = 1024 and still catches any wrong index (errors of order 1).
     */
    public static final double GEMM_ABS = 1e-4;
    /** The GEMM's relative margin; see {@link #GEMM_ABS} for the reason. */
    public static final double GEMM_REL = 1e-4;
    /** {@link #GEMM_ABS} and {@link #GEMM_REL} with their reason, for every GEMM case. */
    public static final Tolerance GEMM = new Tolerance(GEMM_ABS, GEMM_REL,
            "another summation order over k <= 1024 products in float32: errors of order 1e-5 of the sum");

    /** softmax_cross_entropy: exp and log in float32, a few ulp each, over at most ~100 classes. */
    public static final double SOFTMAX_ABS = 1e-5;
    /** The softmax's relative margin; see {@link #SOFTMAX_ABS} for the reason. */
    public static final double SOFTMAX_REL = 1e-5;

    /**
     * softmax_cross_entropy on a batch of {@code rows}: the absolute margin grows with the rows because the
     * loss-sum metric adds up to ~1000 row losses of size up to ~60 (logits scaled by 30).
     *
     * @param rows rows in the case's batch
     * @return {@code rows * SOFTMAX_ABS} absolute, {@link #SOFTMAX_REL} relative
     */
    public static Tolerance softmaxCrossEntropy(int rows) {
        return new Tolerance(SOFTMAX_ABS * rows, SOFTMAX_REL,
                "exp and log in float32, a few ulp each; the loss sum adds " + rows + " row losses");
    }

    /** Adam: a handful of float32 operations per element, sqrt included; a few ulp. */
    public static final double ADAM_ABS = 1e-7;
    /** Adam's relative margin; see {@link #ADAM_ABS} for the reason. */
    public static final double ADAM_REL = 1e-5;
    /** {@link #ADAM_ABS} and {@link #ADAM_REL} with their reason, for every Adam case. */
    public static final Tolerance ADAM = new Tolerance(ADAM_ABS, ADAM_REL,
            "a handful of float32 operations per element, sqrt included: a few ulp");

    /**
     * dense_tail fused (one kernel, its own summation order) against its definition (the GEMMs and
     * the softmax one by one): GEMM sums over {@code k <= 400} and a softmax over at most 33 rows, so the GEMM
     * margin, which is wider than the softmax one at these sizes.
     */
    public static final Tolerance DENSE_TAIL = new Tolerance(GEMM_ABS, GEMM_REL,
            "a chain of GEMMs (k <= 400) and one softmax in another summation order: the GEMM margin");

    /**
     * train_steps fused (its own summation orders) against its definition (the per-op calls): the GEMM chains and
     * softmax of each step, fed through a few Adam updates of learning rate 0.001. An update moves a parameter by
     * at most about the learning rate, and its error is the gradient's relative error times that, so the
     * parameters stay within the GEMM margin; the moments and the loss sums within its relative part.
     */
    public static final Tolerance TRAINING_STEPS = new Tolerance(GEMM_ABS, GEMM_REL,
            "whole steps in another summation order, fed through a few Adam updates of lr 0.001: the GEMM margin");

    /**
     * Finite differences in double against the analytic float32 gradient: central differences with
     * h = 1e-3 have truncation error ~h^2 = 1e-6, and the float32 gradient itself carries ~1e-6
     * relative error; 2e-3 relative (of the larger of the two) separates right from wrong gradients,
     * which are off by factors, signs or whole terms.
     */
    public static final double GRADIENT_REL = 2e-3;
    /** The gradient check's absolute floor, for gradients near zero; see {@link #GRADIENT_REL} for the reason. */
    public static final double GRADIENT_ABS = 1e-6;

    /**
     * A fixed-seed loss trace over several epochs, different summation orders: the rounding
     * differences feed back through training but stay small over a few epochs.
     */
    public static final double TRACE_REL = 1e-4;
    /** {@link #TRACE_REL} (no absolute part: losses are far from 0) with its reason. */
    public static final Tolerance TRACE = new Tolerance(0, TRACE_REL,
            "per-epoch losses of a fixed-seed run, another summation order fed back through training");

    /**
     * The reference backend's own loss trace against the numbers pinned in the tests (llm.c's way).
     * The reference sums in a fixed order, so on one JVM it reproduces them bit for bit; the margin
     * (about 8 float32 ulp at these losses) only allows Math.exp and Math.log, whose JIT intrinsics
     * may differ by an ulp between JVMs and CPUs, to feed a few ulp back through 471 steps (the CPU
     * twins, which sum in other orders, land 2 ulp = 1.2e-7 away). A change to the math moves the
     * trace by far more: a learning rate 1% higher moves it by 2.3e-4, 7e-3 and 5.7e-3 relative.
     */
    public static final double PINNED_TRACE_REL = 1e-6;
    /** {@link #PINNED_TRACE_REL} (no absolute part) with its reason. */
    public static final Tolerance PINNED_TRACE = new Tolerance(0, PINNED_TRACE_REL,
            "the reference's own trace against pinned numbers: bit-identical on one JVM, a few ulp across JVMs");
}
