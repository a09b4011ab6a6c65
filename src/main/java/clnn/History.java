package clnn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What {@link Sequential#fit} returns: one {@link Epoch} per epoch, like Keras's History.history.
 * Validation values are NaN when there was no validation data. Serializable, to hand to another process.
 */
public final class History implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * One epoch's results.
     *
     * @param epoch       1-based
     * @param loss        sample-weighted mean of the batch losses of this epoch (Keras's epoch loss)
     * @param accuracy    fraction of training rows whose argmax matched, counted as the epoch went
     * @param valLoss     mean loss on the validation data after the epoch, or NaN
     * @param valAccuracy accuracy on the validation data after the epoch, or NaN
     * @param seconds     wall time of the epoch's training steps (validation excluded)
     * @param steps       training steps in the epoch
     * @serial exclude
     */
    public record Epoch(int epoch, double loss, double accuracy, double valLoss, double valAccuracy, double seconds,
                        int steps) implements Serializable {
        private static final long serialVersionUID = 1L;

        /**
         * Whether validation ran after this epoch.
         *
         * @return false when the validation values are NaN
         */
        public boolean hasValidation() {
            return !Double.isNaN(valLoss);
        }
    }

    /** One entry per epoch, in order (serialized). */
    private final ArrayList<Epoch> epochs = new ArrayList<>();
    /** The epoch whose weights early stopping restored, or 0 (serialized). */
    private int restoredEpoch;
    /** Whether early stopping ended training before the last epoch (serialized). */
    private boolean stoppedEarly;
    /** How the steps ran, in words (serialized). */
    private String stepPath = "";

    /** An empty history; {@link Sequential#fit} fills one and returns it. */
    public History() {
    }

    /**
     * Appends an epoch's results (called by the training loop).
     *
     * @param e the epoch's results, next in order
     * @throws ModelException when {@code e} is null
     */
    public void add(Epoch e) {
        if (e == null) throw new ModelException("History.add: the epoch is null; pass a History.Epoch");
        epochs.add(e);
    }

    /**
     * Records what early stopping did (called by the training loop).
     *
     * @param restoredEpoch the epoch (1-based) whose weights the model holds, or 0 when none was restored
     * @param stoppedEarly  whether training stopped before the last epoch
     * @throws ModelException when {@code restoredEpoch} is negative
     */
    public void earlyStopping(int restoredEpoch, boolean stoppedEarly) {
        if (restoredEpoch < 0) throw new ModelException("restored epoch " + restoredEpoch + " is negative; epochs count from 1 (0: none)");
        this.restoredEpoch = restoredEpoch;
        this.stoppedEarly = stoppedEarly;
    }

    /**
     * The epoch whose weights the model holds after early stopping (Keras's {@code restore_best_weights}).
     *
     * @return the 1-based epoch, or 0 when early stopping was off
     */
    public int restoredEpoch() {
        return restoredEpoch;
    }

    /**
     * Whether early stopping ended training before the last epoch asked for.
     *
     * @return true when fewer epochs ran than asked for
     */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /**
     * The epochs' results, like Keras's {@code History.history} but one record per epoch.
     *
     * @return an unmodifiable view, in epoch order
     */
    public List<Epoch> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /**
     * The number of epochs recorded.
     *
     * @return the number of epochs that ran
     */
    public int size() {
        return epochs.size();
    }

    /**
     * Records how the steps ran, in words (set by the training loop).
     *
     * @param path "fused: ..." or "unfused: ..."
     * @throws ModelException when {@code path} is null
     */
    public void stepPath(String path) {
        if (path == null) throw new ModelException("History.stepPath: the path is null; pass a description");
        this.stepPath = path;
    }

    /**
     * How the training steps ran, e.g. "fused: one launch per 64 steps" or "unfused: 4 calls per step (fusion off)";
     * empty before a fit.
     *
     * @return the description, or "" before a fit
     */
    public String stepPath() {
        return stepPath;
    }

    /**
     * The last epoch's results.
     *
     * @return the most recent epoch
     * @throws ModelException when the history holds no epoch yet
     */
    public Epoch last() {
        if (epochs.isEmpty()) throw new ModelException("the history is empty; there is no last epoch before fit has run one");
        return epochs.get(epochs.size() - 1);
    }

    /**
     * The training loss per epoch, like Keras's {@code history.history["loss"]}.
     *
     * @return one value per epoch, in order
     */
    public double[] loss() {
        return epochs.stream().mapToDouble(Epoch::loss).toArray();
    }

    /**
     * The validation loss per epoch, like Keras's {@code history.history["val_loss"]}.
     *
     * @return one value per epoch, in order; NaN for epochs without validation
     */
    public double[] valLoss() {
        return epochs.stream().mapToDouble(Epoch::valLoss).toArray();
    }

    /**
     * Seconds spent in training steps over all epochs (validation excluded).
     *
     * @return the sum of the epochs' seconds
     */
    public double trainingSeconds() {
        return epochs.stream().mapToDouble(Epoch::seconds).sum();
    }

    /**
     * The text of history.csv, with a header line and one line per epoch.
     *
     * @return columns epoch, loss, accuracy, val_loss, val_accuracy, seconds (empty cells for absent validation)
     */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("epoch,loss,accuracy,val_loss,val_accuracy,seconds\n");
        for (Epoch e : epochs) {
            sb.append(e.epoch()).append(',').append(num(e.loss())).append(',').append(num(e.accuracy())).append(',')
                    .append(num(e.valLoss())).append(',').append(num(e.valAccuracy())).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", e.seconds())).append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
