package clnn.train;

/**
 * SplitMix64: a small, fully specified generator, so the same seed gives the same weights and the
 * same shuffles on every JVM. Independent streams (initialisation, the shuffle of epoch e, the
 * validation split) are derived from (seed, stream) so that resuming at epoch e needs no saved
 * generator state.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** A generator for one named purpose: {@code stream} selects it, e.g. the epoch number. */
    public static Rng forStream(long seed, long stream) {
        return new Rng(mix(seed ^ mix(stream + 0x632BE59BD9B4E019L)));
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 24 random bits, the resolution of a float. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, bound) by multiply-shift (bias below 2^-32, and the same on every platform). */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Fisher-Yates over 0..n-1 into {@code out}. */
    public void permutation(int[] out) {
        for (int i = 0; i < out.length; i++) out[i] = i;
        for (int i = out.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }

    /** Stream ids, named so that no two purposes share one by accident. */
    public static final long STREAM_INIT = -1;
    public static final long STREAM_VALIDATION_SPLIT = -2;
    // Epoch e shuffles with stream e (0-based), so all epoch streams are >= 0.
}
