package clnn.check;

import java.util.List;

/**
 * adam: Keras's Adam over one flat parameter array, five steps per case. The counts straddle the
 * work-group size (63, 64, 65), one parameter, and the reference network's 10,575 parameters.
 */
public final class AdamOp implements OpDescription<AdamCase> {
    /** The parameter counts of the cases (one case each): see the class comment for why these. */
    public static final int[] COUNTS = {1, 3, 63, 64, 65, 1000, 10_575};

    /** Built after the static tables above, which its case list reads. */
    public static final AdamOp INSTANCE = new AdamOp();

    private final List<AdamCase> cases = java.util.Arrays.stream(COUNTS).mapToObj(c -> new AdamCase(c, 5, c)).toList();

    private AdamOp() {
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public List<AdamCase> cases() {
        return cases;
    }

    @Override
    public Tolerance tolerance(AdamCase c) {
        return Tolerances.ADAM;
    }
}
