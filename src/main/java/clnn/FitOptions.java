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

    public FitOptions epochs(int epochs) {
        if (epochs < 1) throw new ModelException("epochs must be at least 1, got " + epochs);
        this.epochs = epochs;
        return this;
    }

    public FitOptions batchSize(int batchSize) {
        if (batchSize < 1) throw new ModelException("batch size must be at least 1, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    /** Seeds the per-epoch shuffle and the validation split. */
    public FitOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** 0 silent, 1 a progress bar on a terminal (one line per epoch otherwise), 2 one line per epoch. */
    public FitOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) throw new ModelException("verbose must be 0, 1 or 2, got " + verbose);
        this.verbose = verbose;
        return this;
    }

    /**
     * Holds out this fraction of the rows for validation. Unlike Keras (which takes the last rows),
     * the rows are shuffled with the seed first, because data sets such as the digits are sorted by
     * class and the last rows would all be one class.
     */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new ModelException("validation split must be in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    /** Data to validate on after every epoch; null means none (the default). */
    public FitOptions validationData(Dataset data) {
        this.validationData = data;
        return this;
    }

    /**
     * Stops when the validation loss has not improved for {@code patience} epochs (0: never), and in
     * any case ends with the weights of the epoch with the lowest validation loss (Keras's EarlyStopping
     * with monitor="val_loss", restore_best_weights=True). Needs validation data or a split.
     */
    public FitOptions earlyStoppingPatience(int patience) {
        if (patience < 0) throw new ModelException("early stopping patience must be >= 0, got " + patience);
        this.earlyStoppingPatience = patience;
        return this;
    }

    public int earlyStoppingPatience() {
        return earlyStoppingPatience;
    }

    /**
     * Hands the full training state to {@code sink} after every {@code everyEpochs} epochs (the
     * command line writes it to checkpoint.mat). 0 turns checkpoints off.
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

    public int checkpointEvery() {
        return checkpointEvery;
    }

    public java.util.function.Consumer<clnn.TrainingState> checkpointSink() {
        return checkpointSink;
    }

    /** Continues from a saved state instead of starting at epoch 1 (the model's own weights are replaced); null starts afresh. */
    public FitOptions resumeFrom(clnn.TrainingState state) {
        this.resumeFrom = state;
        return this;
    }

    public clnn.TrainingState resumeFrom() {
        return resumeFrom;
    }

    /**
     * Where progress lines go; System.out by default.
     *
     * @throws ModelException when {@code out} is null (use verbose(0) for no output)
     */
    public FitOptions output(java.io.PrintStream out) {
        if (out == null) throw new ModelException("output is null; pass a PrintStream such as System.out, or use verbose(0) for no output");
        this.output = out;
        return this;
    }

    public java.io.PrintStream output() {
        return output;
    }

    /**
     * Whether whole training steps may run as one fused call (default AUTO: when the device has a fused form for
     * the network; {@link History#stepPath()} says which path ran). OFF runs every op on its own, for A/B runs.
     *
     * @throws ModelException when {@code fusion} is null
     */
    public FitOptions fusion(Fusion fusion) {
        if (fusion == null) throw new ModelException("fusion is null; pass Fusion.AUTO or Fusion.OFF");
        this.fusion = fusion;
        return this;
    }

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

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public int verbose() {
        return verbose;
    }

    public double validationSplit() {
        return validationSplit;
    }

    public Dataset validationData() {
        return validationData;
    }
}
