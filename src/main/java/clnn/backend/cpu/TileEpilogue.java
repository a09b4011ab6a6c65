package clnn.backend.cpu;

import clnn.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockedGemm}'s epilogues for relu and linear, a vector at a time. Why: relu's
 * {@code z > 0 ? z : 0} on data whose sign is a coin toss is a mispredicted branch per element in
 * scalar code (measured: 1-2 ms of a 4 ms 256x512x784 product); as a vector compare and blend it
 * costs nothing. The results are the reference's bits: the same float additions and products, and
 * the blend keeps {@link Activation#apply}'s choice, NaN included (NaN > 0 is false, so 0).
 * Sigmoid stays scalar (the caller's loop finishes whatever these do not).
 */
final class TileEpilogue {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private TileEpilogue() {
    }

    /** c[at + l] = act(tile[from + l] + bias[bo + l]) for whole vectors of l &lt; cols; returns how many. */
    static int biasActivation(Activation act, float[] tile, int from, float[] bias, int bo, float[] c, int at, int cols) {
        FloatVector zero = FloatVector.zero(S);
        int l = 0;
        for (; l + L <= cols; l += L) {
            FloatVector z = FloatVector.fromArray(S, tile, from + l).add(FloatVector.fromArray(S, bias, bo + l));
            if (act == Activation.RELU) z = zero.blend(z, z.compare(VectorOperators.GT, 0f));
            z.intoArray(c, at + l);
        }
        return l;
    }

    /** c[at + l] = tile[from + l] * act'(out[oo + l]) for whole vectors of l &lt; cols; returns how many. */
    static int activationGradient(Activation act, float[] tile, int from, float[] out, int oo, float[] c, int at,
                                  int cols) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int l = 0;
        for (; l + L <= cols; l += L) {
            FloatVector d = one;
            if (act == Activation.RELU) {
                d = zero.blend(one, FloatVector.fromArray(S, out, oo + l).compare(VectorOperators.GT, 0f));
            }
            FloatVector.fromArray(S, tile, from + l).mul(d).intoArray(c, at + l);
        }
        return l;
    }
}
