package clnn.train;

/**
 * Keras's default initialisation: every kernel uniform in [-limit, limit) with
 * limit = sqrt(6 / (fan_in + fan_out)), every bias zero, drawn from the seed's init stream.
 */
public final class Glorot {
    private Glorot() {
    }

    /**
     * Initialises parameters in place.
     *
     * @param shape  the network's layout
     * @param seed   the run's seed; the draws come from its init stream
     * @param params {@code shape.paramCount()} values, all overwritten
     */
    public static void uniform(NetworkShape shape, long seed, float[] params) {
        Rng rng = Rng.forStream(seed, Rng.STREAM_INIT);
        java.util.Arrays.fill(params, 0f);
        for (int l = 1; l <= shape.layers(); l++) {
            int in = shape.width(l - 1);
            int out = shape.width(l);
            float limit = (float) Math.sqrt(6.0 / (in + out));
            int off = shape.weightOffset(l);
            for (int i = 0; i < in * out; i++) params[off + i] = (2f * rng.nextFloat() - 1f) * limit;
        }
    }

    /**
     * Initialised parameters in a new array.
     *
     * @param shape the network's layout
     * @param seed  the run's seed; the draws come from its init stream
     * @return {@code shape.paramCount()} values in the flat layout of {@code shape}
     */
    public static float[] uniform(NetworkShape shape, long seed) {
        float[] p = new float[shape.paramCount()];
        uniform(shape, seed, p);
        return p;
    }
}
