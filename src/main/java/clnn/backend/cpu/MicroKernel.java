package clnn.backend.cpu;

/**
 * The innermost loop of {@link BlockedGemm}: an MR x NR tile of C from a packed micro-panel of A
 * (MR values per step of p) and one of B (NR values per step of p), both read with unit stride.
 * Today one implementation, {@code VectorMicroKernel} (loaded only with the Vector API module). A
 * plain-Java one (4 x 32 tile in arrays) was measured at 3.4-3.8 GFLOP/s at 256x512x784, against
 * 20-28 for FastCpuBackend's column form: C2 (JDK 17) does not vectorise a loop of 32 over a tile,
 * so the plain twin keeps its own GEMM and shares its columns out over threads instead.
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
