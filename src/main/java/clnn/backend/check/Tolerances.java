package clnn.backend.check;

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
    public static final double GEMM_REL = 1e-4;

    /** Softmax and cross-entropy: exp and log in float32, a few ulp each, over at most ~100 classes. */
    public static final double SOFTMAX_ABS = 1e-5;
    public static final double SOFTMAX_REL = 1e-5;

    /** Adam: a handful of float32 operations per element, sqrt included; a few ulp. */
    public static final double ADAM_ABS = 1e-7;
    public static final double ADAM_REL = 1e-5;

    /**
     * Finite differences in double against the analytic float32 gradient: central differences with
     * h = 1e-3 have truncation error ~h^2 = 1e-6, and the float32 gradient itself carries ~1e-6
     * relative error; 2e-3 relative (of the larger of the two) separates right from wrong gradients,
     * which are off by factors, signs or whole terms.
     */
    public static final double GRADIENT_REL = 2e-3;
    public static final double GRADIENT_ABS = 1e-6;

    /**
     * A fixed-seed loss trace over several epochs, different summation orders: the rounding
     * differences feed back through training but stay small over a few epochs.
     */
    public static final double TRACE_REL = 1e-4;
}
