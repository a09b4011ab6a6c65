package clnn.train;

/**
 * SplitMix64: a small, fully specified generator, so the same seed gives the same weights and the
 * same shuffles on every JVM. Independent streams (initialisation, the shuffle of epoch e, the
 * validation split) are derived from (seed, stream) so that resuming at epoch e needs no saved
 * generator state.
 */
public final class Rng {
    private long state;

    /**
     * A generator started at {@code seed}; most callers want {@link #forStream} instead.
     *
     * @param seed the initial state
     */
    public Rng(long seed) {
        this.state = seed;
    }

    /**
     * A generator for one named purpose, independent of the run's other streams.
     *
     * @param seed   the run's seed
     * @param stream the purpose: {@link #STREAM_INIT}, {@link #STREAM_VALIDATION_SPLIT}, or the 0-based epoch for
     *               that epoch's shuffle
     * @return a new generator
     */
    public static Rng forStream(long seed, long stream) {
        return new Rng(mix(seed ^ mix(stream + 0x632BE59BD9B4E019L)));
    }

    /**
     * The next 64 random bits (SplitMix64's output function).
     *
     * @return any long, uniformly
     */
    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Uniform in [0, 1) with 24 random bits, the resolution of a float.
     *
     * @return a float in [0, 1)
     */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /**
     * Uniform in [0, bound) by multiply-shift (bias below 2^-32, and the same on every platform).
     *
     * @param bound the exclusive upper limit, at least 1
     * @return an int in [0, bound)
     */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /**
     * A random permutation of 0..n-1 by Fisher-Yates.
     *
     * @param out n ints, all overwritten with the permutation
     */
    public void permutation(int[] out) {
        for (int i = 0; i < out.length; i++) out[i] = i;
        for (int i = out.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }

    // Stream ids, named so that no two purposes share one by accident.
    /** The stream of the weights' initialisation. */
    public static final long STREAM_INIT = -1;
    /** The stream of the validation split's shuffle. */
    public static final long STREAM_VALIDATION_SPLIT = -2;
    // Epoch e shuffles with stream e (0-based), so all epoch streams are >= 0.
}
