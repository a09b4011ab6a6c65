package clnn;

import clnn.data.Version;
import clnn.data.mat.MatVariable;
import clnn.data.mat.MatFile;
import clnn.DataException;
import clnn.History;
import clnn.TrainingState;
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
    /** The checkpoint's file name inside a run folder. */
    public static final String FILE = "checkpoint.mat";

    private CheckpointFiles() {
    }

    /**
     * What {@link #load} read back.
     *
     * @param state           the training state to continue from
     * @param args            the train options the run was started with, one per element
     * @param dataFingerprint the CRC-32 of the training data, to compare with the data of the resumed run
     */
    public record Loaded(TrainingState state, List<String> args, String dataFingerprint) {
    }

    /**
     * Writes the state atomically.
     *
     * @param file            where to write, usually the run folder's {@link #FILE}
     * @param s               the state to save
     * @param args            the train options of the run, one per element (no newline in one)
     * @param dataFingerprint the CRC-32 of the training data
     * @throws DataException        when an argument is null
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void save(Path file, TrainingState s, List<String> args, String dataFingerprint) {
        if (file == null || s == null || args == null || dataFingerprint == null) {
            throw new DataException("CheckpointFiles.save: the " + (file == null ? "file" : s == null ? "state"
                    : args == null ? "argument list" : "data fingerprint") + " is null; pass all four");
        }
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

    /**
     * Reads dir/checkpoint.mat, checking every variable: present, numeric, shaped as params, and finite
     * where it must be (a state holding NaN or infinite parameters or moments cannot continue a run).
     *
     * @param dir the run folder given to {@code --resume}
     * @return the state, the options and the data fingerprint
     * @throws DataException naming the file and the variable when anything is missing, malformed or not finite
     */
    public static Loaded load(Path dir) {
        if (dir == null) throw new DataException("CheckpointFiles.load: the folder is null; pass the run folder given to --resume");
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new DataException(dir + " has no " + FILE + "; start the run with --checkpoint-every N --out " + dir);
        }
        Map<String, MatVariable> v = MatFile.read(file);
        float[] params = floats(file, v, "params", -1, "parameters");
        int p = params.length;
        float[] m = floats(file, v, "adam_m", p, "moments");
        float[] vv = floats(file, v, "adam_v", p, "moments");
        long step = whole(file, v, "adam_step", Long.MAX_VALUE);
        int done = (int) whole(file, v, "epochs_done", Integer.MAX_VALUE);
        List<History.Epoch> history = new ArrayList<>();
        MatVariable h = v.get("history");
        if (h != null) {
            if (!h.isNumeric() || h.dims().length != 2 || h.cols() != 7 || h.rows() != done
                    || h.values().length != (long) h.rows() * 7) {
                throw damaged(file, h, "history", done + " x 7 numbers (one row per epoch done)");
            }
            for (int i = 0; i < h.rows(); i++) {
                double epoch = h.at(i, 0);
                double steps = h.at(i, 6);
                if (!isWhole(epoch) || !isWhole(steps) || epoch < 1 || steps < 0) {
                    throw damaged(file, h, "history", "whole epoch numbers and step counts in columns 1 and 7 (row "
                            + (i + 1) + " holds " + epoch + " and " + steps + ")");
                }
                history.add(new History.Epoch((int) epoch, h.at(i, 1), h.at(i, 2), h.at(i, 3), h.at(i, 4), h.at(i, 5),
                        (int) steps));
            }
        } else if (done != 0) {
            throw damaged(file, null, "history", done + " x 7 numbers (one row per epoch done)");
        }
        float[] best = v.containsKey("best_params") ? floats(file, v, "best_params", p, "parameters") : null;
        double bestLoss = Double.NaN;
        int bestEpoch = 0;
        int since = 0;
        if (best != null) {
            MatVariable b = v.get("best");
            if (b == null || !b.isNumeric() || b.values().length != 3 || !isWhole(b.values()[1]) || !isWhole(b.values()[2])
                    || b.values()[1] < 0 || b.values()[2] < 0) {
                throw damaged(file, b, "best", "1 x 3 numbers (best val_loss, its epoch, epochs since) beside best_params");
            }
            bestLoss = b.values()[0];
            bestEpoch = (int) b.values()[1];
            since = (int) b.values()[2];
        }
        String args = text(file, v, "clnn_args");
        TrainingState state = new TrainingState(done, step, params, m, vv, history, best, bestLoss, bestEpoch, since);
        return new Loaded(state, args.isEmpty() ? List.of() : List.of(args.split("\n")), text(file, v, "data_fingerprint"));
    }

    /** A 1 x n numeric row of finite values; NaN or infinity in a state means the run had diverged when it was saved. */
    private static float[] floats(Path file, Map<String, MatVariable> v, String name, int expected, String what) {
        MatVariable x = v.get(name);
        if (x == null || !x.isNumeric() || x.dims().length != 2 || x.rows() != 1 || (expected >= 0 && x.cols() != expected)
                || x.values().length != x.cols()) {
            throw damaged(file, x, name, "1 x " + (expected >= 0 ? String.valueOf(expected) : "P") + " numbers");
        }
        float[] out = new float[x.cols()];
        for (int i = 0; i < out.length; i++) {
            double d = x.values()[i];
            if (!Double.isFinite(d) || !Float.isFinite((float) d)) {
                throw new DataException(file + ": " + name + " holds " + (Double.isNaN(d) ? "NaN" : "infinite") + " " + what
                        + " (the first at index " + i + "); it is not a usable checkpoint: the run had diverged when it "
                        + "was saved; train again from the start, or from an earlier copy of the folder");
            }
            out[i] = (float) d;
        }
        return out;
    }

    /** A 1 x 1 whole number in 0..max. */
    private static long whole(Path file, Map<String, MatVariable> v, String name, long max) {
        MatVariable x = v.get(name);
        if (x == null || !x.isNumeric() || x.elementCount() != 1 || x.values().length != 1 || !isWhole(x.values()[0])
                || x.values()[0] < 0 || x.values()[0] > max) {
            throw damaged(file, x, name, "one whole number of at least 0");
        }
        return (long) x.values()[0];
    }

    private static boolean isWhole(double d) {
        return Double.isFinite(d) && d == Math.rint(d);
    }

    private static String text(Path file, Map<String, MatVariable> v, String name) {
        MatVariable x = v.get(name);
        if (x == null) throw damaged(file, null, name, "text");
        return x.text() == null ? "" : x.text();
    }

    private static DataException damaged(Path file, MatVariable found, String variable, String expected) {
        return new DataException(file + ": the checkpoint's " + variable + " is "
                + (found == null ? "missing" : Text.printable(found.describe()) + ", not " + expected)
                + "; it was not written by this version of clnn, or it is damaged (train again without --resume)");
    }
}
