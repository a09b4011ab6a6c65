package clnn.train;

import clnn.Adam;
import clnn.Evaluation;
import clnn.History;
import clnn.ModelException;
import clnn.OptimizerState;
import clnn.TrainingDivergedException;
import clnn.TrainingState;
import clnn.backend.Backend;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.data.Dataset;
import java.util.ArrayList;

/**
 * The one training loop, written against {@link Backend} and nothing else: it never asks which
 * device it runs on.
 *
 * <p>Per fit: a {@link TrainingSession} uploads the data and parameters once and allocates every
 * buffer. Per epoch: one permutation upload, then the steps, then one read-back of the summed loss
 * (which also says whether, and at which step, the loss stopped being finite). Per step: the calls
 * of a {@link StepPlan} and one Adam update; nothing is allocated and nothing waits for the device.
 * Keras's semantics: mean loss per batch, the last partial batch is used, the epoch loss is the
 * sample-weighted mean of the batch losses.
 *
 * <p>A fit can start from a {@link TrainingState} ({@link FitPlan#resumeFrom}) and hand one out every N
 * epochs ({@link FitPlan#checkpointEvery}); continuing from a state is exact. Adam's state can also be carried from
 * one fit to the next ({@link #fit(float[], OptimizerState, Dataset, Dataset, FitPlan, TrainingListener)} and
 * {@link #optimizerState()}), as a Keras model keeps its optimizer between fits.
 */
public final class Trainer {
    private final Backend backend;
    private final NetworkShape shape;
    private final Adam adam;
    private OptimizerState lastState;

    /**
     * A loop for one network on one backend; it may run several fits.
     *
     * @param backend where the steps run
     * @param shape   the network's layout
     * @param adam    the optimizer's settings
     */
    public Trainer(Backend backend, NetworkShape shape, Adam adam) {
        this.backend = backend;
        this.shape = shape;
        this.adam = adam;
    }

    /**
     * Trains {@code params} (flat layout of {@link NetworkShape}) in place, Adam from step 0.
     *
     * @param params     the parameters, trained in place
     * @param train      the training data
     * @param validation evaluated after every epoch, or null
     * @param options    the fit's plan
     * @param listener   told of the fit's progress
     * @return one entry per epoch (after those of a resumed state)
     */
    public History fit(float[] params, Dataset train, Dataset validation, FitPlan options,
                       TrainingListener listener) {
        return fit(params, null, train, validation, options, listener);
    }

    /**
     * Trains {@code params} in place, continuing Adam from {@code from} (null: step 0, zero moments). A resumed state
     * ({@link FitPlan#resumeFrom}) brings its own moments and wins over {@code from}. After the fit,
     * {@link #optimizerState()} holds Adam's state at its end.
     *
     * @param params     the parameters, trained in place
     * @param from       Adam's state to continue, or null for a fresh start
     * @param train      the training data
     * @param validation evaluated after every epoch, or null
     * @param options    the fit's plan
     * @param listener   told of the fit's progress
     * @return one entry per epoch (after those of a resumed state)
     * @throws ModelException when a state does not match the network or the initial epoch leaves nothing to train
     */
    public History fit(float[] params, OptimizerState from, Dataset train, Dataset validation, FitPlan options,
                       TrainingListener listener) {
        int n = train.rows();
        TrainingState resume = options.resumeFrom();
        if (resume != null && resume.params().length != params.length) {
            throw new ModelException("the checkpoint holds " + resume.params().length + " parameters but the model has "
                    + params.length + "; resume with the network it was saved from");
        }
        if (from != null && from.size() != params.length) {
            throw new ModelException("the optimizer state holds moments for " + from.size() + " parameters but the model has "
                    + params.length + "; compile again to start Adam afresh");
        }
        int firstEpoch = resume != null ? resume.epochsDone() : options.initialEpoch();
        if (resume == null && firstEpoch >= options.epochs()) {
            throw new ModelException("initial epoch " + firstEpoch + " leaves nothing to train with epochs "
                    + options.epochs() + "; epochs counts from the start of training, so give more than " + firstEpoch);
        }
        int patience = options.earlyStoppingPatience();
        History history = new History();
        if (resume != null) resume.history().forEach(history::add);
        try (TrainingSession session = resume == null
                ? new TrainingSession(backend, shape, adam, params, from == null ? null : from.m(),
                        from == null ? null : from.v(), from == null ? 0 : from.step(), train, options.batchSize())
                : new TrainingSession(backend, shape, adam, resume.params(), resume.adamM(), resume.adamV(),
                        resume.adamStep(), train, options.batchSize());
             Inference val = validation == null ? null
                     : new Inference(backend, shape, session.params(), validation, "val")) {
            if (patience > 0 && val == null) {
                throw new ModelException("early stopping watches val_loss: give validation data or a validation split");
            }
            EarlyStopping stopping = patience > 0 ? new EarlyStopping(patience, params.length, resume) : null;
            int steps = session.steps();
            int[] order = new int[n];
            int[] lastStep = new int[1];
            // Several listeners may read at the same step; one read-back (a device sync) serves them all.
            double[] probed = {Double.NaN};
            int[] probedAt = {-1};
            TrainingListener.RunningLoss probe = () -> {
                if (probedAt[0] != lastStep[0]) {
                    probed[0] = session.readMetrics()[SoftmaxCrossEntropy.LOSS_SUM]
                            / (double) session.rowsThrough(lastStep[0]);
                    probedAt[0] = lastStep[0];
                }
                return probed[0];
            };
            listener.onTrainBegin(options.epochs(), steps);
            history.stepPath(session.stepPath(options.fusion()));
            StepChunks chunks = new StepChunks(listener.updateIntervalNanos(), steps);
            for (int epoch = firstEpoch; epoch < options.epochs(); epoch++) {
                listener.onEpochBegin(epoch + 1);
                long start = System.nanoTime();
                if (options.shuffle()) {
                    Rng.forStream(options.seed(), epoch).permutation(order);
                } else {
                    for (int i = 0; i < n; i++) order[i] = i;
                }
                session.beginEpoch(order);
                probedAt[0] = -1;
                for (int step = 0; step < steps; ) {
                    int count = Math.max(1, Math.min(chunks.next(steps - step), listener.stepsUntilUpdate(step)));
                    session.runSteps(step, count, options.fusion());
                    step += count;
                    lastStep[0] = step - 1;
                    listener.onStep(step, probe);
                }
                float[] metrics = session.readMetrics();
                double seconds = (System.nanoTime() - start) / 1e9;
                chunks.epochTook(seconds, steps);
                float firstBad = metrics[SoftmaxCrossEntropy.FIRST_NONFINITE];
                if (firstBad > 0) {
                    int step = (int) (firstBad - 1) / session.batch() + 1;
                    throw new TrainingDivergedException(epoch + 1, step, steps, "the loss became NaN or infinite",
                            adam.learningRate());
                }
                double loss = metrics[SoftmaxCrossEntropy.LOSS_SUM] / n;
                double accuracy = metrics[SoftmaxCrossEntropy.CORRECT] / n;
                Evaluation ve = val == null ? null : val.run(null);
                // A non-finite val_loss compares false against every best, so early stopping would never
                // keep an epoch; it is a divergence (of the weights or of the validation features) in its own right.
                if (ve != null && !Double.isFinite(ve.loss())) {
                    throw TrainingDivergedException.validation(epoch + 1, ve.loss(), adam.learningRate());
                }
                History.Epoch e = new History.Epoch(epoch + 1, loss, accuracy, ve == null ? Double.NaN : ve.loss(),
                        ve == null ? Double.NaN : ve.accuracy(), seconds, steps);
                history.add(e);
                listener.onEpochEnd(e);
                boolean stop = stopping != null && stopping.stopAfter(e, session);
                if (options.checkpointEvery() > 0 && (epoch + 1) % options.checkpointEvery() == 0 && !stop) {
                    options.checkpointSink().accept(capture(session, epoch + 1, steps, history, stopping));
                }
                if (stop || listener.stopRequested()) break;
            }
            if (stopping != null && stopping.hasBest()) {
                stopping.restoreInto(params);
                history.earlyStopping(stopping.bestEpoch, history.size() < options.epochs());
            } else {
                // Without a kept epoch there is nothing to restore: the current weights are the result.
                session.readParams(params);
                requireFinite(params, history.size(), steps, "a parameter");
            }
            lastState = readOptimizerState(session, history.size(), steps);
        }
        listener.onTrainEnd(history);
        return history;
    }

    /**
     * Adam's state at the end of the last fit this trainer completed (Keras keeps it in the optimizer between fits).
     *
     * @return the state, or null before a fit has completed
     */
    public OptimizerState optimizerState() {
        return lastState;
    }

    /** Adam's step and moments read back from the device (a sync and two downloads, once per fit). */
    private OptimizerState readOptimizerState(TrainingSession session, int epochsDone, int steps) {
        int count = shape.paramCount();
        float[] m = new float[count];
        float[] v = new float[count];
        session.readAdam(m, v);
        requireFinite(m, epochsDone, steps, "Adam's first moment");
        requireFinite(v, epochsDone, steps, "Adam's second moment");
        return new OptimizerState(session.adamStep(), m, v);
    }

    /** The state after {@code epochsDone} epochs, read back from the device (a sync; once per checkpoint). */
    private TrainingState capture(TrainingSession session, int epochsDone, int steps, History history,
                                  EarlyStopping stopping) {
        int count = shape.paramCount();
        float[] p = new float[count];
        float[] m = new float[count];
        float[] v = new float[count];
        session.readParams(p);
        session.readAdam(m, v);
        // A checkpoint is only ever written whole and usable: parameters and moments finite.
        requireFinite(p, epochsDone, steps, "a parameter");
        requireFinite(m, epochsDone, steps, "Adam's first moment");
        requireFinite(v, epochsDone, steps, "Adam's second moment");
        return new TrainingState(epochsDone, session.adamStep(), p, m, v, new ArrayList<>(history.epochs()),
                stopping == null || !stopping.hasBest() ? null : stopping.best.clone(),
                stopping == null ? Double.NaN : stopping.bestLoss,
                stopping == null ? 0 : stopping.bestEpoch, stopping == null ? 0 : stopping.sinceBest);
    }

    private void requireFinite(float[] p, int epoch, int steps, String what) {
        for (float x : p) {
            if (!Float.isFinite(x)) {
                throw new TrainingDivergedException(epoch, steps, steps, what + " became NaN or infinite",
                        adam.learningRate());
            }
        }
    }

    /** Keeps the weights of the epoch with the lowest validation loss; says when patience has run out. */
    private static final class EarlyStopping {
        final int patience;
        final float[] best;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch;
        int sinceBest;

        EarlyStopping(int patience, int params, TrainingState resume) {
            this.patience = patience;
            this.best = new float[params];
            if (resume != null && resume.bestParams() != null) {
                System.arraycopy(resume.bestParams(), 0, best, 0, params);
                bestLoss = resume.bestValLoss();
                bestEpoch = resume.bestEpoch();
                sinceBest = resume.sinceBest();
            }
        }

        boolean stopAfter(History.Epoch e, TrainingSession session) {
            if (e.valLoss() < bestLoss) {
                bestLoss = e.valLoss();
                bestEpoch = e.epoch();
                sinceBest = 0;
                session.readParams(best);
                return false;
            }
            return ++sinceBest >= patience;
        }

        /** Whether some epoch's weights were actually read into {@link #best} (it starts zero-filled). */
        boolean hasBest() {
            return bestEpoch > 0;
        }

        void restoreInto(float[] params) {
            if (!hasBest()) throw new IllegalStateException("no epoch was kept; the zero-filled buffer is not weights");
            System.arraycopy(best, 0, params, 0, params.length);
        }
    }
}
