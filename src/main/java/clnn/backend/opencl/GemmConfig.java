package clnn.backend.opencl;

import java.util.List;
import java.util.Locale;

/**
 * One configuration of gemm.cl's gemm_blocked: its -D parameters (see the kernel's banner). The
 * tuner picks only from {@link #CANDIDATES}, and GemmParityTest runs every case of check/GemmOp on
 * each of them, so no configuration reaches a device untested; a cache naming anything else is
 * ignored.
 */
record GemmConfig(int mdimc, int ndimc, int mwi, int nwi, int vwn, int kwg, boolean sa, boolean sb, boolean gm) {

    /** Work-groups numbered along n (GM=0). */
    GemmConfig(int mdimc, int ndimc, int mwi, int nwi, int vwn, int kwg, boolean sa, boolean sb) {
        this(mdimc, ndimc, mwi, nwi, vwn, kwg, sa, sb, false);
    }

    GemmConfig {
        if (nwi % vwn != 0 || !List.of(1, 2, 4, 8, 16).contains(vwn) || mdimc < 1 || ndimc < 1 || mwi < 1 || kwg < 1) {
            throw new IllegalArgumentException("not a gemm_blocked configuration: " + this);
        }
    }

    /**
     * CPU devices (PoCL): no local memory, no barriers, float16 (one AVX-512 register) or float8
     * accumulators; MWI x NWI/VWN accumulators stay within the 32 vector registers. They differ in
     * how many rows share each B vector (MWI) and how the work-items group (what shares the caches).
     */
    static final List<GemmConfig> CPU = List.of(
            new GemmConfig(4, 1, 4, 32, 16, 32, false, false),
            new GemmConfig(8, 1, 4, 32, 16, 32, false, false),
            new GemmConfig(4, 1, 6, 32, 16, 32, false, false),
            new GemmConfig(4, 1, 8, 16, 16, 32, false, false),
            new GemmConfig(2, 2, 4, 32, 16, 32, false, false),
            new GemmConfig(4, 1, 4, 16, 8, 32, false, false),
            new GemmConfig(8, 4, 2, 16, 16, 32, false, false),
            new GemmConfig(1, 1, 8, 32, 16, 64, false, false),
            // Groups walking down m: a column strip of B (k x 32 floats) stays in L2 while the rows of
            // A stream past, instead of every group re-reading a new strip of B from L3.
            new GemmConfig(1, 1, 8, 32, 16, 64, false, false, true),
            new GemmConfig(4, 1, 6, 32, 16, 32, false, false, true));

    /**
     * GPUs: both operands through local memory, 64 to 256 work-items, 16 to 64 outputs per
     * work-item (64 x 64 up to 128 x 128 blocks), float2 to float8 along n.
     */
    static final List<GemmConfig> GPU = List.of(
            new GemmConfig(16, 16, 4, 4, 4, 16, true, true),
            new GemmConfig(16, 16, 8, 8, 4, 16, true, true),
            new GemmConfig(16, 16, 8, 8, 4, 8, true, true),
            new GemmConfig(8, 16, 8, 8, 4, 16, true, true),
            new GemmConfig(16, 8, 8, 8, 2, 16, true, true),
            new GemmConfig(16, 16, 4, 8, 4, 32, true, true),
            new GemmConfig(8, 8, 4, 4, 4, 16, true, true),
            new GemmConfig(16, 8, 4, 4, 4, 16, true, true),
            new GemmConfig(16, 16, 8, 8, 8, 16, true, true),
            new GemmConfig(32, 8, 4, 8, 4, 16, true, true));

    /** Every configuration any device may run: the parity tests walk this list. */
    static final List<GemmConfig> CANDIDATES = concat();

    private static List<GemmConfig> concat() {
        java.util.ArrayList<GemmConfig> all = new java.util.ArrayList<>(CPU);
        all.addAll(GPU);
        return List.copyOf(all);
    }

    /** The candidates for a device: its kind's list (a CPU device's, or the GPU list for the rest). */
    static List<GemmConfig> candidates(ClDevice device) {
        return !device.gpu() && device.type().equals("CPU") ? CPU : GPU;
    }

    int workGroupSize() {
        return mdimc * ndimc;
    }

    int rowsPerGroup() {
        return mdimc * mwi;
    }

    int colsPerGroup() {
        return ndimc * nwi;
    }

    /** Local memory the kernel declares, in bytes. */
    long localBytes() {
        long floats = (sa ? (long) kwg * (rowsPerGroup() + 1) : 0) + (sb ? (long) kwg * colsPerGroup() : 0);
        return 4 * floats;
    }

    /** The build options that select this configuration. */
    String defines() {
        return String.format(Locale.ROOT, "-DMDIMC=%d -DNDIMC=%d -DMWI=%d -DNWI=%d -DVWN=%d -DKWG=%d -DSA=%d -DSB=%d -DGM=%d",
                mdimc, ndimc, mwi, nwi, vwn, kwg, sa ? 1 : 0, sb ? 1 : 0, gm ? 1 : 0);
    }

    /** "MDIMC=8,NDIMC=8,...": the cache's and the reports' spelling; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MDIMC=%d,NDIMC=%d,MWI=%d,NWI=%d,VWN=%d,KWG=%d,SA=%d,SB=%d,GM=%d",
                mdimc, ndimc, mwi, nwi, vwn, kwg, sa ? 1 : 0, sb ? 1 : 0, gm ? 1 : 0);
    }

    /** The candidate spelled {@code text}, or null when no candidate is (a cache may hold anything). */
    static GemmConfig parse(String text) {
        for (GemmConfig c : CANDIDATES) {
            if (c.toString().equals(text.trim())) return c;
        }
        return null;
    }
}
