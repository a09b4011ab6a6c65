package clnn.backend.cpu;

/**
 * The innermost loop of {@link BlockedGemm}: an MR x NR tile of C from a packed micro-panel of A
 * (MR values per step of p) and one of B (NR values per step of p), both read with unit stride.
 * One implementation per CPU twin: {@link PlainMicroKernel} (plain Java) and the Vector API one in
 * {@link VectorCpuBackend}'s package-mate {@code VectorMicroKernel}, loaded only with the module.
 */
interface MicroKernel {
    /** Rows of the tile (A's panel height). */
    int mr();

    /** Columns of the tile (B's panel width). */
    int nr();

    /**
     * tile[r * nr + c] = (accumulate ? tile[r * nr + c] : 0) + sum over p &lt; kc, in order, of
     * ap[aOff + p * mr + r] * bp[bOff + p * nr + c].
     */
    void multiply(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] tile, boolean accumulate);
}
