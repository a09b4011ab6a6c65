package clnn.check;

import clnn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * train_steps: whole training steps (gather, forward, loss, backward, Adam) as one call, against its definition
 * (the per-op calls one by one). The cases: 1 to 4 hidden layers, odd widths (1, 3, 7, 33, 40: below, at and
 * above a vector), the reference network 400-25-15-10, batches 1, 7, 32 and 256 with a partial last batch,
 * every activation in the hidden layers, each epoch run as two calls.
 */
public final class TrainingStepsOp implements OpDescription<TrainingStepsCase> {
    /** Inputs, hidden widths, classes. */
    public static final int[][] SHAPES = {{400, 25, 15, 10}, {13, 7, 5}, {37, 9, 6, 4, 3}, {20, 33, 17, 8, 5, 2},
        {5, 40, 1, 10}, {64, 3}};

    /** Batch, then rows: every batch leaves a partial last step (1 divides everything: 3 full steps). */
    public static final int[][] BATCH_ROWS = {{1, 3}, {7, 30}, {32, 100}, {256, 600}};

    /** Built after the static tables above, which its case list reads. */
    public static final TrainingStepsOp INSTANCE = new TrainingStepsOp();

    private final List<TrainingStepsCase> cases = Collections.unmodifiableList(build());

    private TrainingStepsOp() {
    }

    @Override
    public String name() {
        return "train_steps";
    }

    @Override
    public List<TrainingStepsCase> cases() {
        return cases;
    }

    @Override
    public Tolerance tolerance(TrainingStepsCase c) {
        return Tolerances.TRAINING_STEPS;
    }

    private static List<TrainingStepsCase> build() {
        List<TrainingStepsCase> cases = new ArrayList<>();
        Activation[] all = Activation.values();
        long seed = 1;
        int next = 0;
        for (int[] br : BATCH_ROWS) {
            for (int[] s : SHAPES) {
                Activation[] acts = new Activation[s.length - 1];
                // The reference network keeps its relus; the others take each activation in turn.
                Activation hidden = s[0] == 400 ? Activation.RELU : all[next++ % all.length];
                Arrays.fill(acts, hidden);
                acts[acts.length - 1] = Activation.LINEAR;
                cases.add(new TrainingStepsCase(br[1], br[0], s, acts, seed++));
            }
        }
        return cases;
    }
}
