package clnn.check;

import clnn.Activation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * gemm: C = op(A) op(B) with its fused epilogues. The cases: every transpose form, every epilogue,
 * with and without the row gather, on sizes 1, 3, 17, 31, 33 (tile sizes 16 and 32, plus and minus
 * one) and the reference workload's shapes (32x25x400, 400x25x32, ...); then the whole data set
 * through layer 1 (5000x25x400, plain NN), which GemmBench times next to one batch (32x25x400).
 */
public final class GemmOp implements OpDescription<GemmCase> {
    /** The shapes every form and epilogue is checked on. */
    public static final int[][] SHAPES = {
        {1, 1, 1}, {3, 1, 17}, {1, 17, 3}, {17, 3, 1}, {31, 33, 17}, {33, 31, 65}, {16, 16, 16}, {32, 32, 32},
        {64, 17, 129}, {32, 25, 400}, {400, 25, 32}, {32, 15, 25}, {25, 15, 32}, {32, 25, 15}, {15, 10, 32},
        {32, 10, 15}, {5, 400, 7},
    };

    /**
     * Large shapes, plain NN without an epilogue only: what the benchmark times at scale. (1024^3 is
     * timed too, see {@link #plain}, but not listed: the reference takes 1.4 s on it and the parity
     * tests run every case on four OpenCL kernels and two twins.)
     */
    public static final int[][] LARGE_SHAPES = {{5000, 25, 400}};

    /**
     * Shapes large enough for the CPU twins' blocked GEMM (BlockedGemm: m, n, k >= 32 and at least
     * 2^20 multiply-adds; multi-threaded from 2^22), every form and epilogue: 130 x 200 x 257 is not a
     * multiple of any tile (8 or 4 rows, 32 columns), spans several blocks of C and two k blocks.
     */
    public static final int[][] BLOCKED_SHAPES = {{130, 200, 257}};

    /**
     * One training product of 784-512-256-10 at batch 256 (layer 1's forward pass, gathered, with
     * bias and relu): the blocked GEMM at the size it was built for, four k blocks. Only this one:
     * the reference takes about 0.2 s on it.
     */
    public static final int[][] WIDE_LAYER_SHAPES = {{256, 512, 784}};

    /** Built after the static tables above, which its case list reads. */
    public static final GemmOp INSTANCE = new GemmOp();

    private final List<GemmCase> cases = Collections.unmodifiableList(build());

    private GemmOp() {
    }

    @Override
    public String name() {
        return "gemm";
    }

    @Override
    public List<GemmCase> cases() {
        return cases;
    }

    @Override
    public Tolerance tolerance(GemmCase c) {
        return Tolerances.GEMM;
    }

    /**
     * The plain NN case of shape "MxNxK" (GemmBench's {@code mnk} parameter): the listed case when
     * there is one, else the same kind of case at that size, for timing only (1024x1024x1024).
     *
     * @param mnk the shape, such as "64x10x32"
     * @return a plain NN case without gather or epilogue
     */
    public GemmCase plain(String mnk) {
        String name = "NN_" + mnk + "_" + GemmCase.NONE;
        for (GemmCase c : cases) {
            if (c.name().equals(name)) return c;
        }
        String[] s = mnk.split("x");
        if (s.length != 3) throw new IllegalArgumentException("gemm shape '" + mnk + "' is not MxNxK");
        return new GemmCase(false, false, Integer.parseInt(s[0]), Integer.parseInt(s[1]), Integer.parseInt(s[2]), false,
                GemmCase.NONE, null, 1);
    }

    private static List<GemmCase> build() {
        List<GemmCase> cases = new ArrayList<>();
        long seed = 1;
        for (int[] s : SHAPES) {
            for (int form = 0; form < 4; form++) {
                boolean ta = (form & 2) != 0;
                boolean tb = (form & 1) != 0;
                cases.add(new GemmCase(ta, tb, s[0], s[1], s[2], false, GemmCase.NONE, null, seed++));
            }
            for (Activation a : Activation.values()) {
                cases.add(new GemmCase(false, false, s[0], s[1], s[2], true, GemmCase.BIAS_ACTIVATION, a, seed++));
                cases.add(new GemmCase(false, true, s[0], s[1], s[2], false, GemmCase.ACTIVATION_GRADIENT, a, seed++));
            }
            cases.add(new GemmCase(true, false, s[0], s[1], s[2], true, GemmCase.BIAS_GRADIENT, null, seed++));
            cases.add(new GemmCase(true, false, s[0], s[1], s[2], false, GemmCase.BIAS_GRADIENT, null, seed++));
            cases.add(new GemmCase(false, false, s[0], s[1], s[2], false, GemmCase.BIAS_ACTIVATION, Activation.RELU,
                    seed++));
        }
        for (int[] s : LARGE_SHAPES) {
            cases.add(new GemmCase(false, false, s[0], s[1], s[2], false, GemmCase.NONE, null, seed++));
        }
        // Appended after the cases above so that their seeds do not change.
        for (int[] s : BLOCKED_SHAPES) {
            for (int form = 0; form < 4; form++) {
                cases.add(new GemmCase((form & 2) != 0, (form & 1) != 0, s[0], s[1], s[2], false, GemmCase.NONE, null,
                        seed++));
            }
            for (Activation a : Activation.values()) {
                cases.add(new GemmCase(false, false, s[0], s[1], s[2], true, GemmCase.BIAS_ACTIVATION, a, seed++));
                cases.add(new GemmCase(false, true, s[0], s[1], s[2], false, GemmCase.ACTIVATION_GRADIENT, a, seed++));
            }
            cases.add(new GemmCase(true, false, s[0], s[1], s[2], true, GemmCase.BIAS_GRADIENT, null, seed++));
        }
        for (int[] s : WIDE_LAYER_SHAPES) {
            cases.add(new GemmCase(false, false, s[0], s[1], s[2], true, GemmCase.BIAS_ACTIVATION, Activation.RELU,
                    seed++));
        }
        return cases;
    }
}
