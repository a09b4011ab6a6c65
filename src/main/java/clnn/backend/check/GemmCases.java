package clnn.backend.check;

import clnn.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * The GEMM cases every backend is checked on: every transpose form, every epilogue, with and
 * without the row gather, on sizes 1, 3, 17, 31, 33 (tile sizes 16 and 32, plus and minus one), and the
 * reference workload's shapes (32x25x400, 400x25x32, ...).
 */
public final class GemmCases {
    private GemmCases() {
    }

    public static final int[][] SHAPES = {
        {1, 1, 1}, {3, 1, 17}, {1, 17, 3}, {17, 3, 1}, {31, 33, 17}, {33, 31, 65}, {16, 16, 16}, {32, 32, 32},
        {64, 17, 129}, {32, 25, 400}, {400, 25, 32}, {32, 15, 25}, {25, 15, 32}, {32, 25, 15}, {15, 10, 32},
        {32, 10, 15}, {5, 400, 7},
    };

    /** Every shape in every transpose form with a plain epilogue, plus the fused epilogues and gathers. */
    public static List<GemmCase> all() {
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
        return cases;
    }
}
