package clnn.train;

import static org.junit.jupiter.api.Assertions.fail;

import clnn.check.Comparison;
import clnn.check.LossTrace;
import clnn.check.Tolerance;

/**
 * The reference loss trace pinned as literal numbers (llm.c's way), so that a change that moves the
 * math is caught even when the reference and every twin move together.
 *
 * <p>How they were produced: {@code LossTrace.reference(400, 10, 3).run(new CpuBackend(), digits)}
 * on the bundled {@code data/digits-train.mat} (5000 rows, 400 features, 10 classes), that is the
 * reference network 400-25-15-10 (relu, relu, linear) from {@code Glorot.uniform(shape, 1)}, Adam at
 * 0.001, batch 32 (156 full batches and a last partial batch of 8), no shuffling, 3 epochs; run once
 * on commit cc19aea's math (OpenJDK 17.0.15, x86-64), printed with {@code Double.toString}. The
 * auto-vectorised and Vector API twins gave the same first two epochs and 1.9288593530654907
 * (two float32 ulp away) for the third. The data is ordered by class, so without shuffling the loss
 * falls slowly: that does not matter for a trace, which only has to be reproducible.
 */
public final class PinnedLossTrace {
    private PinnedLossTrace() {
    }

    public static final double[] EPOCH_LOSSES = {2.337157726287842, 2.1212918758392334, 1.9288592338562012};

    /** One trace comparison for every test: epoch by epoch within the tolerance, or a failure naming both traces. */
    public static void assertTrace(String what, double[] expected, double[] actual, Tolerance tolerance) {
        Comparison c = LossTrace.compare(expected, actual, tolerance);
        if (!c.ok()) {
            fail(c.describe(what + ": " + LossTrace.describe(expected, actual), tolerance.abs(), tolerance.rel())
                    + " (" + tolerance.reason() + ")");
        }
    }
}
