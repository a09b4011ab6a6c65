package clnn;

import clnn.data.Dataset;

/**
 * Options of {@link Sequential#fit}, with Keras's defaults where Keras has one: batch 32, shuffle
 * every epoch, 1 epoch, verbose 1. Unlike Keras, shuffling is seeded (default seed 1) so that runs
 * repeat exactly. Every setter throws a {@link ModelException} for a value out of range.
 */
public final class FitOptions {
    private int epochs = 1;
    private int batchSize = 32;
    private long seed = 1;
    private boolean shuffle = true;
    private int verbose = 1;
    private double validationSplit = 0;
    private Dataset validationData;
    private java.io.PrintStream output = System.out;
    private int earlyStoppingPatience;
    private int checkpointEvery;
    private java.util.function.Consumer<clnn.TrainingState> checkpointSink;
    private clnn.TrainingState resumeFrom;
    private Fusion fusion = Fusion.AUTO;
    private java.util.List<Callback> callbacks = java.util.List.of();
    private int initialEpoch;

    /** Options with the defaults above: 1 epoch, batch 32, shuffled with seed 1, verbose 1, no validation. */
    public FitOptions() {
    }

    /**
     * The last epoch to train (Keras's {@code epochs}); with {@link #initialEpoch} above 0, fewer run. Default 1.
     *
     * @param epochs at least 1
     * @return these options
     * @throws ModelException when {@code epochs} is below 1
     */
    public FitOptions epochs(int epochs) {
        if (epochs < 1) throw new ModelException("epochs must be at least 1, got " + epochs);
        this.epochs = epochs;
        return this;
    }

    /**
     * Rows per training step (Keras's {@code batch_size}); the last step of an epoch may be smaller. Default 32.
     *
     * @param batchSize at least 1
     * @return these options
     * @throws ModelException when {@code batchSize} is below 1
     */
    public FitOptions batchSize(int batchSize) {
        if (batchSize < 1) throw new ModelException("batch size must be at least 1, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    /**
     * Seeds the per-epoch shuffle and the validation split (not the weights: {@link Sequential#compile} seeds those).
     * Default 1.
     *
     * @param seed any value; the same seed gives the same run
     * @return these options
     */
    public FitOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Whether to shuffle the training rows before every epoch (Keras's {@code shuffle}). Default true.
     *
     * @param shuffle false trains on the rows in their order
     * @return these options
     */
    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /**
     * How much progress to print (Keras's {@code verbose}). Default 1.
     *
     * @param verbose 0 silent, 1 a progress bar on a terminal (one line per epoch otherwise), 2 one line per epoch
     * @return these options
     * @throws ModelException when {@code verbose} is not 0, 1 or 2
     */
    public FitOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) throw new ModelException("verbose must be 0, 1 or 2, got " + verbose);
        this.verbose = verbose;
        return this;
    }

    /**
     * Holds out this fraction of the rows for validation. Unlike Keras (which takes the last rows),
     * the rows are shuffled with the seed first, because data sets such as the digits are sorted by
     * class and the last rows would all be one class. Ignored when {@link #validationData} is given. Default 0.
     *
     * @param fraction in [0, 1); 0 holds out nothing
     * @return these options
     * @throws ModelException when {@code fraction} is outside [0, 1)
     */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new ModelException("validation split must be in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    /**
     * Data to validate on after every epoch (Keras's {@code validation_data}).
     *
     * @param data labelled rows shaped as the training data; null means none (the default)
     * @return these options
     */
    public FitOptions validationData(Dataset data) {
        this.validationData = data;
        return this;
    }

    /**
     * Stops when the validation loss has not improved for {@code patience} epochs (0: never), and in
     * any case ends with the weights of the epoch with the lowest validation loss (Keras's EarlyStopping
     * with monitor="val_loss", restore_best_weights=True). Needs validation data or a split. Default 0.
     *
     * @param patience epochs without improvement before stopping, at least 0
     * @return these options
     * @throws ModelException when {@code patience} is negative
     */
    public FitOptions earlyStoppingPatience(int patience) {
        if (patience < 0) throw new ModelException("early stopping patience must be >= 0, got " + patience);
        this.earlyStoppingPatience = patience;
        return this;
    }

    /**
     * The early-stopping patience.
     *
     * @return epochs without improvement before stopping; 0 never stops early
     */
    public int earlyStoppingPatience() {
        return earlyStoppingPatience;
    }

    /**
     * Hands the full training state to {@code sink} after every {@code everyEpochs} epochs (the
     * command line writes it to checkpoint.mat). 0 turns checkpoints off (the default).
     *
     * @param everyEpochs the interval in epochs, at least 0
     * @param sink        receives each state; may be null only when {@code everyEpochs} is 0
     * @return these options
     * @throws ModelException when {@code everyEpochs} is negative, or positive without a sink
     */
    public FitOptions checkpoint(int everyEpochs, java.util.function.Consumer<clnn.TrainingState> sink) {
        if (everyEpochs < 0) throw new ModelException("checkpoint interval must be >= 0 epochs, got " + everyEpochs);
        if (everyEpochs > 0 && sink == null) {
            throw new ModelException("checkpoint every " + everyEpochs + " epochs needs a sink to receive the state; "
                    + "pass one, or 0 to turn checkpoints off");
        }
        this.checkpointEvery = everyEpochs;
        this.checkpointSink = sink;
        return this;
    }

    /**
     * The checkpoint interval.
     *
     * @return epochs between checkpoints; 0 when they are off
     */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /**
     * Where checkpoints go.
     *
     * @return the sink, or null when checkpoints are off
     */
    public java.util.function.Consumer<clnn.TrainingState> checkpointSink() {
        return checkpointSink;
    }

    /**
     * Continues from a saved state instead of starting at epoch 1 (the model's own weights are replaced).
     *
     * @param state a state from a checkpoint ({@link CheckpointFiles#load}); null starts afresh (the default)
     * @return these options
     */
    public FitOptions resumeFrom(clnn.TrainingState state) {
        this.resumeFrom = state;
        return this;
    }

    /**
     * The state fit continues from.
     *
     * @return the state, or null to start afresh
     */
    public clnn.TrainingState resumeFrom() {
        return resumeFrom;
    }

    /**
     * Where progress lines go; System.out by default.
     *
     * @param out the stream for the progress bar and epoch lines
     * @return these options
     * @throws ModelException when {@code out} is null (use verbose(0) for no output)
     */
    public FitOptions output(java.io.PrintStream out) {
        if (out == null) throw new ModelException("output is null; pass a PrintStream such as System.out, or use verbose(0) for no output");
        this.output = out;
        return this;
    }

    /**
     * Where progress lines go.
     *
     * @return the stream, System.out by default
     */
    public java.io.PrintStream output() {
        return output;
    }

    /**
     * Whether whole training steps may run as one fused call (default AUTO: when the device has a fused form for
     * the network; {@link History#stepPath()} says which path ran). OFF runs every op on its own, for A/B runs.
     *
     * @param fusion AUTO or OFF
     * @return these options
     * @throws ModelException when {@code fusion} is null
     */
    public FitOptions fusion(Fusion fusion) {
        if (fusion == null) throw new ModelException("fusion is null; pass Fusion.AUTO or Fusion.OFF");
        this.fusion = fusion;
        return this;
    }

    /**
     * Whether whole training steps may run fused.
     *
     * @return AUTO by default
     */
    public Fusion fusion() {
        return fusion;
    }

    /**
     * Callbacks that fit calls as it trains (Keras's {@code callbacks=[...]}), in this order, after the progress
     * printer; replaces any given before. They run whatever {@link #verbose} says: verbose(0) silences only the
     * printer.
     *
     * @param callbacks the callbacks; none clears the list
     * @return these options
     * @throws ModelException when the array or one of the callbacks is null
     */
    public FitOptions callbacks(Callback... callbacks) {
        if (callbacks == null) throw new ModelException("callbacks: the array is null; pass callbacks, or none for no callbacks");
        for (int i = 0; i < callbacks.length; i++) {
            if (callbacks[i] == null) throw new ModelException("callbacks: callback " + i + " (0-based) is null; pass a Callback");
        }
        this.callbacks = java.util.List.of(callbacks);
        return this;
    }

    /**
     * The callbacks fit will call.
     *
     * @return an unmodifiable list, empty by default
     */
    public java.util.List<Callback> callbacks() {
        return callbacks;
    }

    /**
     * Epochs already trained (Keras's {@code initial_epoch}): fit runs epochs initialEpoch + 1 .. {@link #epochs}, and
     * each one shuffles as that epoch of one long fit would. With the same seed and batch size, fit(2 epochs) then
     * fit(epochs 4, initial epoch 2) on the same model gives exactly what one fit of 4 epochs gives (the model keeps
     * Adam's state between fits). 0, the default, starts at epoch 1.
     *
     * @param initialEpoch epochs done before, at least 0 and below {@link #epochs} when fit runs
     * @return these options
     * @throws ModelException when {@code initialEpoch} is negative
     */
    public FitOptions initialEpoch(int initialEpoch) {
        if (initialEpoch < 0) {
            throw new ModelException("initial epoch must be >= 0 (the epochs done before), got " + initialEpoch);
        }
        this.initialEpoch = initialEpoch;
        return this;
    }

    /**
     * Epochs done before this fit.
     *
     * @return 0 by default
     */
    public int initialEpoch() {
        return initialEpoch;
    }

    /**
     * These options resolved for the training loop (which knows nothing of the API above it); the callbacks
     * are not part of it (fit turns them into the loop's listeners).
     *
     * @return the plain values the loop reads
     */
    public clnn.train.FitPlan plan() {
        return new clnn.train.FitPlan(epochs, batchSize, seed, shuffle, earlyStoppingPatience, checkpointEvery,
                checkpointSink, resumeFrom, fusion, initialEpoch);
    }

    /**
     * The last epoch to train.
     *
     * @return 1 by default
     */
    public int epochs() {
        return epochs;
    }

    /**
     * Rows per training step.
     *
     * @return 32 by default
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The seed of the shuffles and the validation split.
     *
     * @return 1 by default
     */
    public long seed() {
        return seed;
    }

    /**
     * Whether the rows are shuffled before every epoch.
     *
     * @return true by default
     */
    public boolean shuffle() {
        return shuffle;
    }

    /**
     * How much progress is printed.
     *
     * @return 0, 1 (the default) or 2
     */
    public int verbose() {
        return verbose;
    }

    /**
     * The fraction of the rows held out for validation.
     *
     * @return in [0, 1), 0 by default
     */
    public double validationSplit() {
        return validationSplit;
    }

    /**
     * The data validated on after every epoch.
     *
     * @return the data, or null for none (the default)
     */
    public Dataset validationData() {
        return validationData;
    }
}
