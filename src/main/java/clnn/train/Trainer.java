package clnn.train;

import clnn.Adam;
import clnn.Evaluation;
import clnn.FitOptions;
import clnn.History;
import clnn.backend.Backend;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.data.Dataset;

/**
 * The one training loop, written against {@link Backend} and nothing else: it never asks which
 * device it runs on.
 *
 * <p>Per fit: a {@link TrainingSession} uploads the data and parameters once and allocates every
 * buffer. Per epoch: one permutation upload, then the steps, then one read-back of the summed loss.
 * Per step: the calls of a {@link StepPlan} and one Adam update; nothing is allocated and nothing
 * waits for the device. Keras's semantics: mean loss per batch, the last partial batch is used, the
 * epoch loss is the sample-weighted mean of the batch losses.
 */
public final class Trainer {
    private final Backend backend;
    private final NetworkShape shape;
    private final Adam adam;

    public Trainer(Backend backend, NetworkShape shape, Adam adam) {
        this.backend = backend;
        this.shape = shape;
        this.adam = adam;
    }

    /**
     * Trains {@code params} (flat layout of {@link NetworkShape}) in place.
     *
     * @param validation evaluated after every epoch, or null
     */
    public History fit(float[] params, Dataset train, Dataset validation, FitOptions options,
                       TrainingListener listener) {
        int n = train.rows();
        History history = new History();
        try (TrainingSession session = new TrainingSession(backend, shape, adam, params, train, options.batchSize());
             Inference val = validation == null ? null
                     : new Inference(backend, shape, session.params(), validation, "val")) {
            int steps = session.steps();
            int patience = options.earlyStoppingPatience();
            if (patience > 0 && val == null) {
                throw new clnn.ModelException("early stopping watches val_loss: give validation data or a validation "
                        + "split");
            }
            EarlyStopping stopping = patience > 0 ? new EarlyStopping(patience, params.length) : null;
            int[] order = new int[n];
            int[] lastStep = new int[1];
            TrainingListener.RunningLoss probe = () -> session.readMetrics()[SoftmaxCrossEntropy.LOSS_SUM]
                    / (double) session.rowsThrough(lastStep[0]);
            listener.onTrainBegin(options.epochs(), steps);
            for (int epoch = 0; epoch < options.epochs(); epoch++) {
                listener.onEpochBegin(epoch + 1);
                long start = System.nanoTime();
                if (options.shuffle()) {
                    Rng.forStream(options.seed(), epoch).permutation(order);
                } else {
                    for (int i = 0; i < n; i++) order[i] = i;
                }
                session.beginEpoch(order);
                for (int step = 0; step < steps; step++) {
                    session.step(step);
                    lastStep[0] = step;
                    listener.onStep(step + 1, probe);
                }
                float[] metrics = session.readMetrics();
                double seconds = (System.nanoTime() - start) / 1e9;
                double loss = metrics[SoftmaxCrossEntropy.LOSS_SUM] / n;
                double accuracy = metrics[SoftmaxCrossEntropy.CORRECT] / n;
                Evaluation ve = val == null ? null : val.run(null);
                History.Epoch e = new History.Epoch(epoch + 1, loss, accuracy, ve == null ? Double.NaN : ve.loss(),
                        ve == null ? Double.NaN : ve.accuracy(), seconds, steps);
                history.add(e);
                listener.onEpochEnd(e);
                if (stopping != null && stopping.stopAfter(e, session)) break;
            }
            if (stopping != null) {
                stopping.restoreInto(params);
                history.earlyStopping(stopping.bestEpoch, history.size() < options.epochs());
            } else {
                session.readParams(params);
            }
        }
        return history;
    }

    /** Keeps the weights of the epoch with the lowest validation loss; says when patience has run out. */
    private static final class EarlyStopping {
        final int patience;
        final float[] best;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch;
        int sinceBest;

        EarlyStopping(int patience, int params) {
            this.patience = patience;
            this.best = new float[params];
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

        void restoreInto(float[] params) {
            System.arraycopy(best, 0, params, 0, params.length);
        }
    }
}
