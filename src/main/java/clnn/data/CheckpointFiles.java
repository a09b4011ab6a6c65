package clnn.data;

import clnn.DataException;
import clnn.History;
import clnn.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * checkpoint.mat: the full state of a training run (see {@link TrainingState}) plus the options it
 * was started with and a fingerprint of its data, written atomically (temporary file, fsync,
 * rename) so the previous checkpoint stays loadable until the new one is complete. Floats are
 * stored as doubles, which represent them exactly: a resumed run continues bit for bit.
 * <pre>
 *   params, adam_m, adam_v   1 x P        the flat parameters and Adam's moments
 *   adam_step, epochs_done   1 x 1
 *   history                  E x 7        epoch, loss, accuracy, val_loss, val_accuracy, seconds, steps
 *   best_params              1 x P        early stopping's best weights (absent without early stopping)
 *   best                     1 x 3        best val_loss, its epoch, epochs since
 *   clnn_args                char         the train options, one per line
 *   data_fingerprint         char         CRC-32 of the training data, to refuse other data on resume
 * </pre>
 */
public final class CheckpointFiles {
    public static final String FILE = "checkpoint.mat";

    private CheckpointFiles() {
    }

    public record Loaded(TrainingState state, List<String> args, String dataFingerprint) {
    }

    public static void save(Path file, TrainingState s, List<String> args, String dataFingerprint) {
        MatFile.Writer w = new MatFile.Writer();
        int p = s.params().length;
        w.floatsAsDoubles("params", 1, p, s.params(), 0);
        w.floatsAsDoubles("adam_m", 1, p, s.adamM(), 0);
        w.floatsAsDoubles("adam_v", 1, p, s.adamV(), 0);
        w.doubles("adam_step", 1, 1, new double[] {s.adamStep()});
        w.doubles("epochs_done", 1, 1, new double[] {s.epochsDone()});
        List<History.Epoch> h = s.history();
        double[] hist = new double[h.size() * 7];
        for (int i = 0; i < h.size(); i++) {
            History.Epoch e = h.get(i);
            double[] row = {e.epoch(), e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy(), e.seconds(), e.steps()};
            System.arraycopy(row, 0, hist, i * 7, 7);
        }
        if (!h.isEmpty()) w.doubles("history", h.size(), 7, hist);
        if (s.bestParams() != null) {
            w.floatsAsDoubles("best_params", 1, p, s.bestParams(), 0);
            w.doubles("best", 1, 3, new double[] {s.bestValLoss(), s.bestEpoch(), s.sinceBest()});
        }
        w.text("clnn_args", String.join("\n", args));
        w.text("data_fingerprint", dataFingerprint);
        w.text("clnn_version", Version.get());
        try {
            w.writeAtomically(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    public static Loaded load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new DataException(dir + " has no " + FILE + "; start the run with --checkpoint-every N --out " + dir);
        }
        Map<String, MatVariable> v = MatFile.read(file);
        float[] params = floats(file, v, "params", -1);
        int p = params.length;
        float[] m = floats(file, v, "adam_m", p);
        float[] vv = floats(file, v, "adam_v", p);
        long step = (long) scalar(file, v, "adam_step");
        int done = (int) scalar(file, v, "epochs_done");
        List<History.Epoch> history = new ArrayList<>();
        MatVariable h = v.get("history");
        if (h != null) {
            if (!h.isNumeric() || h.cols() != 7 || h.rows() != done) throw damaged(file, "history");
            for (int i = 0; i < h.rows(); i++) {
                history.add(new History.Epoch((int) h.at(i, 0), h.at(i, 1), h.at(i, 2), h.at(i, 3), h.at(i, 4), h.at(i, 5),
                        (int) h.at(i, 6)));
            }
        } else if (done != 0) {
            throw damaged(file, "history");
        }
        float[] best = v.containsKey("best_params") ? floats(file, v, "best_params", p) : null;
        MatVariable b = v.get("best");
        double bestLoss = best == null ? Double.NaN : b.values()[0];
        int bestEpoch = best == null ? 0 : (int) b.values()[1];
        int since = best == null ? 0 : (int) b.values()[2];
        String args = text(file, v, "clnn_args");
        TrainingState state = new TrainingState(done, step, params, m, vv, history, best, bestLoss, bestEpoch, since);
        return new Loaded(state, args.isEmpty() ? List.of() : List.of(args.split("\n")), text(file, v, "data_fingerprint"));
    }

    private static float[] floats(Path file, Map<String, MatVariable> v, String name, int expected) {
        MatVariable x = v.get(name);
        if (x == null || !x.isNumeric() || x.rows() != 1 || (expected >= 0 && x.cols() != expected)) {
            throw damaged(file, name);
        }
        float[] out = new float[x.cols()];
        for (int i = 0; i < out.length; i++) out[i] = (float) x.values()[i];
        return out;
    }

    private static double scalar(Path file, Map<String, MatVariable> v, String name) {
        MatVariable x = v.get(name);
        if (x == null || !x.isNumeric() || x.elementCount() != 1) throw damaged(file, name);
        return x.values()[0];
    }

    private static String text(Path file, Map<String, MatVariable> v, String name) {
        MatVariable x = v.get(name);
        if (x == null) throw damaged(file, name);
        return x.text() == null ? "" : x.text();
    }

    private static DataException damaged(Path file, String variable) {
        return new DataException(file + ": the checkpoint's " + variable + " is missing or malformed; it was not "
                + "written by this version of clnn, or it is damaged");
    }
}
