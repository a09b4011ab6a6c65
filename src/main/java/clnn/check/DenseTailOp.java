package clnn.check;

import clnn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * dense_tail: layers 2..L forward, the loss and their backward pass down to dZ_1, as one call,
 * against its definition (the same GEMMs and softmax one by one). The cases: tails of 1, 2 and 3
 * layers, odd widths and row counts (1, 7, 32, 33: the last partial batch is any of them), every
 * activation in the hidden layers, and the reference network's tail (25 -> 15 -> 10).
 */
public final class DenseTailOp implements OpDescription<DenseTailCase> {
    /** Input width then the tail's layer widths; the last is the classes. */
    public static final int[][] SHAPES = {{25, 15, 10}, {7, 3}, {33, 17, 5, 9}, {1, 1}, {40, 10}};

    /** Built after the static tables above, which its case list reads. */
    public static final DenseTailOp INSTANCE = new DenseTailOp();

    private final List<DenseTailCase> cases = Collections.unmodifiableList(build());

    private DenseTailOp() {
    }

    @Override
    public String name() {
        return "dense_tail";
    }

    @Override
    public List<DenseTailCase> cases() {
        return cases;
    }

    @Override
    public Tolerance tolerance(DenseTailCase c) {
        return Tolerances.DENSE_TAIL;
    }

    private static List<DenseTailCase> build() {
        List<DenseTailCase> cases = new ArrayList<>();
        long seed = 1;
        for (int rows : new int[] {1, 7, 32, 33}) {
            for (int[] s : SHAPES) {
                int[] widths = Arrays.copyOfRange(s, 1, s.length);
                for (Activation hidden : Activation.values()) {
                    Activation[] acts = new Activation[widths.length];
                    Arrays.fill(acts, hidden);
                    acts[acts.length - 1] = Activation.LINEAR;
                    cases.add(new DenseTailCase(rows, s[0], widths, acts, seed++));
                }
            }
        }
        return cases;
    }
}
