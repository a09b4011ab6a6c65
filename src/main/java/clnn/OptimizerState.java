package clnn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Adam's state between updates, as Keras keeps it in the optimizer: the number of updates done and the first and
 * second moments, one per parameter in {@link Sequential#flatParams()}'s layout. A {@link Sequential} keeps it from
 * one fit to the next ({@link Sequential#optimizerState()}); compiling again starts afresh.
 *
 * <p>A value: the arrays are copied in and out, and two states are equal when their contents are.
 *
 * @param step updates done so far (Keras's {@code optimizer.iterations}); the next update is number step + 1
 * @param m    the first moment (a moving mean of the gradients)
 * @param v    the second moment (a moving mean of the squared gradients)
 * @serial exclude
 */
public record OptimizerState(long step, float[] m, float[] v) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Checks and copies the moments.
     *
     * @param step updates done so far, at least 0
     * @param m    the first moments, finite
     * @param v    the second moments, finite and at least 0, as many as {@code m}
     * @throws ModelException when a moment array is null, the two differ in length, the step is negative, a moment is
     *                        not finite or a second moment is negative
     */
    public OptimizerState {
        if (m == null || v == null) {
            throw new ModelException("optimizer state: the " + (m == null ? "first" : "second") + " moment array is null; "
                    + "pass one value per parameter");
        }
        if (m.length != v.length) {
            throw new ModelException("optimizer state: " + m.length + " first moments but " + v.length
                    + " second moments; pass one of each per parameter");
        }
        if (step < 0) throw new ModelException("optimizer state: step " + step + " is negative; it counts updates from 0");
        for (int i = 0; i < m.length; i++) {
            if (!Float.isFinite(m[i])) {
                throw new ModelException("optimizer state: first moment " + i + " is " + m[i] + "; moments must be finite");
            }
            if (!Float.isFinite(v[i]) || v[i] < 0) {
                throw new ModelException("optimizer state: second moment " + i + " is " + v[i]
                        + "; second moments must be finite and at least 0");
            }
        }
        m = m.clone();
        v = v.clone();
    }

    /**
     * The state before the first update: step 0 and zero moments.
     *
     * @param params the number of parameters
     * @return a fresh state
     * @throws ModelException when {@code params} is negative
     */
    public static OptimizerState fresh(int params) {
        if (params < 0) throw new ModelException("optimizer state: " + params + " parameters; pass at least 0");
        return new OptimizerState(0, new float[params], new float[params]);
    }

    /**
     * A copy of the first moments.
     *
     * @return one value per parameter
     */
    @Override
    public float[] m() {
        return m.clone();
    }

    /**
     * A copy of the second moments.
     *
     * @return one value per parameter
     */
    @Override
    public float[] v() {
        return v.clone();
    }

    /**
     * The number of parameters the state is for.
     *
     * @return the moments' length
     */
    public int size() {
        return m.length;
    }

    /**
     * Equal step and bit-equal moments.
     *
     * @param o another object
     * @return whether {@code o} is an equal state
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof OptimizerState s && s.step == step && Arrays.equals(s.m, m) && Arrays.equals(s.v, v);
    }

    /**
     * A hash of the contents.
     *
     * @return consistent with {@link #equals}
     */
    @Override
    public int hashCode() {
        return Long.hashCode(step) * 31 * 31 + Arrays.hashCode(m) * 31 + Arrays.hashCode(v);
    }

    /**
     * The step and size, not the moments.
     *
     * @return e.g. {@code OptimizerState[step=140, params=10575]}
     */
    @Override
    public String toString() {
        return "OptimizerState[step=" + step + ", params=" + m.length + "]";
    }
}
