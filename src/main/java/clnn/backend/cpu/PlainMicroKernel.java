package clnn.backend.cpu;

/**
 * {@link BlockedGemm}'s micro-kernel in plain Java, for {@link FastCpuBackend}: a 4 x 32 tile kept
 * in a small array that stays in L1, updated a row of 32 at a time. Why this form: C2 (JDK 17)
 * vectorises {@code t[c] += a * b[c]} over 32 contiguous floats (two AVX-512 vectors) but cannot keep
 * a tile in registers across the p loop (it has no vector locals), so each step loads and stores the
 * tile rows; four rows per B row read amortise the B loads. {@link Math#fma} is used so that C2 emits
 * one fused instruction (plain {@code a * b + c} may not be contracted in Java).
 */
final class PlainMicroKernel implements MicroKernel {
    static final int MR = 4;
    static final int NR = 32;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    // The tile's rows as separate arrays: C2 vectorises a loop over distinct arrays, not one that
    // writes one array at several offsets. One kernel per thread (BlockedGemm makes them), so
    // these are per-thread scratch.
    private final float[] t0 = new float[NR];
    private final float[] t1 = new float[NR];
    private final float[] t2 = new float[NR];
    private final float[] t3 = new float[NR];

    @Override
    public void multiply(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] tile, boolean accumulate) {
        float[] r0 = t0;
        float[] r1 = t1;
        float[] r2 = t2;
        float[] r3 = t3;
        if (accumulate) {
            System.arraycopy(tile, 0, r0, 0, NR);
            System.arraycopy(tile, NR, r1, 0, NR);
            System.arraycopy(tile, 2 * NR, r2, 0, NR);
            System.arraycopy(tile, 3 * NR, r3, 0, NR);
        } else {
            java.util.Arrays.fill(r0, 0f);
            java.util.Arrays.fill(r1, 0f);
            java.util.Arrays.fill(r2, 0f);
            java.util.Arrays.fill(r3, 0f);
        }
        for (int p = 0; p < kc; p++) {
            int a = aOff + p * MR;
            int b = bOff + p * NR;
            float a0 = ap[a];
            float a1 = ap[a + 1];
            float a2 = ap[a + 2];
            float a3 = ap[a + 3];
            for (int c = 0; c < NR; c++) {
                float bv = bp[b + c];
                r0[c] = Math.fma(a0, bv, r0[c]);
                r1[c] = Math.fma(a1, bv, r1[c]);
                r2[c] = Math.fma(a2, bv, r2[c]);
                r3[c] = Math.fma(a3, bv, r3[c]);
            }
        }
        System.arraycopy(r0, 0, tile, 0, NR);
        System.arraycopy(r1, 0, tile, NR, NR);
        System.arraycopy(r2, 0, tile, 2 * NR, NR);
        System.arraycopy(r3, 0, tile, 3 * NR, NR);
    }
}
