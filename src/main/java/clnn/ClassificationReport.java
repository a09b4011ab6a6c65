package clnn;

import java.util.Locale;

/**
 * Per-class results of a model on labelled data, as {@code engine evaluate} prints them: the
 * confusion matrix (rows = true class, columns = predicted class), precision, recall and F1 per class
 * with their macro and support-weighted averages (scikit-learn's classification_report), and the
 * overall loss and accuracy.
 *
 * <p>The matrix grows with the square of the class count (40,000 classes would take 6.4 GB), so
 * beyond {@link #MAX_MATRIX_CLASSES} classes it is left out ({@code confusion} is null) and the
 * report says so; precision, recall and support are kept for every class either way.
 *
 * @param overall   the loss and accuracy over all rows
 * @param confusion the classes x classes counts, or null beyond {@link #MAX_MATRIX_CLASSES} classes
 * @param support   rows of each true class
 * @param predicted rows predicted as each class
 * @param correct   rows of each class predicted as that class
 */
public record ClassificationReport(Evaluation overall, int[][] confusion, int[] support, int[] predicted,
                                   int[] correct) {
    /** The largest class count whose matrix is kept: 4 MB of counts and a table that can still be read. */
    public static final int MAX_MATRIX_CLASSES = 1000;

    /**
     * A report from a full confusion matrix.
     *
     * @param overall   the loss and accuracy over all rows
     * @param confusion the classes x classes counts, rows the true class and columns the predicted one
     * @throws ModelException when the matrix is null or not square
     */
    public ClassificationReport(Evaluation overall, int[][] confusion) {
        this(overall, confusion, column(confusion, 0), column(confusion, 1), column(confusion, 2));
    }

    /**
     * Counts (label, prediction) pairs; both arrays hold class indices 0..classes-1, one per row.
     *
     * @param overall   the loss and accuracy over all rows
     * @param labels    the true class of each row
     * @param predicted the predicted class of each row
     * @param classes   the model's class count, at least 1
     * @return the report, with the confusion matrix when {@code classes} is at most {@link #MAX_MATRIX_CLASSES}
     * @throws DataException when an array is null, their lengths differ, or an index is outside 0..classes-1
     */
    public static ClassificationReport of(Evaluation overall, int[] labels, int[] predicted, int classes) {
        if (labels == null || predicted == null) {
            throw new DataException("classification report: the " + (labels == null ? "labels" : "predictions")
                    + " are null; pass one class index per row");
        }
        if (labels.length != predicted.length) {
            throw new DataException("classification report: " + labels.length + " labels but " + predicted.length
                    + " predictions; pass one of each per row");
        }
        if (classes < 1) throw new DataException("classification report: " + classes + " classes; there must be at least 1");
        boolean matrix = classes <= MAX_MATRIX_CLASSES;
        int[][] m = matrix ? new int[classes][classes] : null;
        int[] support = new int[classes];
        int[] pred = new int[classes];
        int[] correct = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            int t = labels[i];
            int p = predicted[i];
            if (t < 0 || t >= classes || p < 0 || p >= classes) {
                throw new DataException("classification report: row " + i + " has label " + t + " and prediction " + p
                        + ", outside 0.." + (classes - 1) + "; pass class indices of a " + classes + "-class model");
            }
            if (matrix) m[t][p]++;
            support[t]++;
            pred[p]++;
            if (t == p) correct[t]++;
        }
        return new ClassificationReport(overall, m, support, pred, correct);
    }

    /**
     * The number of classes.
     *
     * @return the class count the report was made for
     */
    public int classes() {
        return support.length;
    }

    /**
     * Whether the confusion matrix was kept.
     *
     * @return true for at most {@link #MAX_MATRIX_CLASSES} classes
     */
    public boolean hasConfusion() {
        return confusion != null;
    }

    /**
     * Rows of a class in the data.
     *
     * @param c the class, 0..classes-1
     * @return how many rows have true class {@code c}
     * @throws DataException when {@code c} is not a class
     */
    public int support(int c) {
        return support[requireClass(c)];
    }

    /**
     * Of the rows predicted as a class, the fraction that are that class.
     *
     * @param c the class, 0..classes-1
     * @return the precision, or NaN when nothing was predicted as {@code c}
     * @throws DataException when {@code c} is not a class
     */
    public double precision(int c) {
        return predicted[requireClass(c)] == 0 ? Double.NaN : (double) correct[c] / predicted[c];
    }

    /**
     * Of the rows of a class, the fraction predicted as that class.
     *
     * @param c the class, 0..classes-1
     * @return the recall, or NaN when the class is absent from the labels
     * @throws DataException when {@code c} is not a class
     */
    public double recall(int c) {
        return support[requireClass(c)] == 0 ? Double.NaN : (double) correct[c] / support[c];
    }

    /**
     * The harmonic mean of a class's precision and recall.
     *
     * @param c the class, 0..classes-1
     * @return the F1 score; NaN when either is undefined, 0 when both are 0
     * @throws DataException when {@code c} is not a class
     */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        if (Double.isNaN(p) || Double.isNaN(r)) return Double.NaN;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * The unweighted mean of a per-class score ({@link #precision}, {@link #recall} or {@link #f1}: 0, 1, 2) over the
     * classes that occur in the labels or the predictions, an undefined score counting as 0, as scikit-learn's
     * classification_report averages by default.
     *
     * @param score {@link #PRECISION}, {@link #RECALL} or {@link #F1}
     * @return the macro average, or NaN when no class occurs
     * @throws ModelException when {@code score} is none of the three
     */
    public double macroAverage(int score) {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < classes(); c++) {
            if (support[c] == 0 && predicted[c] == 0) continue;
            sum += orZero(score(score, c));
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * The mean of a per-class score weighted by each class's support (an undefined score counting as 0).
     *
     * @param score {@link #PRECISION}, {@link #RECALL} or {@link #F1}
     * @return the weighted average, or NaN when there are no rows
     * @throws ModelException when {@code score} is none of the three
     */
    public double weightedAverage(int score) {
        double sum = 0;
        long rows = 0;
        for (int c = 0; c < classes(); c++) {
            sum += orZero(score(score, c)) * support[c];
            rows += support[c];
        }
        return rows == 0 ? Double.NaN : sum / rows;
    }

    /** Score index of {@link #precision} for {@link #macroAverage} and {@link #weightedAverage}. */
    public static final int PRECISION = 0;
    /** Score index of {@link #recall} for {@link #macroAverage} and {@link #weightedAverage}. */
    public static final int RECALL = 1;
    /** Score index of {@link #f1} for {@link #macroAverage} and {@link #weightedAverage}. */
    public static final int F1 = 2;

    private double score(int score, int c) {
        return switch (score) {
            case PRECISION -> precision(c);
            case RECALL -> recall(c);
            case F1 -> f1(c);
            default -> throw new ModelException("score " + score + " is not PRECISION (0), RECALL (1) or F1 (2)");
        };
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /**
     * The report as text: overall line, confusion matrix (or why it is left out), then precision, recall, F1 and
     * support per class, and their macro and weighted averages, as scikit-learn's classification_report lays them out.
     *
     * @return several lines, each ending in a line separator
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "loss %.4f, accuracy %.4f, %d errors out of %d%n", overall.loss(),
                overall.accuracy(), overall.errors(), overall.rows()));
        if (confusion == null) {
            sb.append("confusion matrix left out: ").append(classes()).append(" classes (it is shown up to ")
                    .append(MAX_MATRIX_CLASSES).append(")\n");
        } else {
            sb.append("confusion matrix (rows: true class, columns: predicted class)\n      ");
            for (int c = 0; c < classes(); c++) sb.append(String.format(Locale.ROOT, "%6d", c));
            sb.append('\n');
            for (int r = 0; r < classes(); r++) {
                sb.append(String.format(Locale.ROOT, "%6d", r));
                for (int c = 0; c < classes(); c++) sb.append(String.format(Locale.ROOT, "%6d", confusion[r][c]));
                sb.append('\n');
            }
        }
        sb.append("       class  precision  recall  f1-score  support\n");
        for (int c = 0; c < classes(); c++) {
            sb.append(String.format(Locale.ROOT, "%12d  %9.4f  %6.4f  %8.4f  %7d%n", c, precision(c), recall(c), f1(c),
                    support(c)));
        }
        long rows = 0;
        for (int n : support) rows += n;
        sb.append(String.format(Locale.ROOT, "%12s  %9s  %6s  %8.4f  %7d%n", "accuracy", "", "", overall.accuracy(), rows));
        sb.append(String.format(Locale.ROOT, "%12s  %9.4f  %6.4f  %8.4f  %7d%n", "macro avg", macroAverage(PRECISION),
                macroAverage(RECALL), macroAverage(F1), rows));
        sb.append(String.format(Locale.ROOT, "%12s  %9.4f  %6.4f  %8.4f  %7d%n", "weighted avg", weightedAverage(PRECISION),
                weightedAverage(RECALL), weightedAverage(F1), rows));
        return sb.toString();
    }

    private int requireClass(int c) {
        if (c < 0 || c >= classes()) throw new DataException("class " + c + " does not exist; classes are 0.." + (classes() - 1));
        return c;
    }

    /** Row sums (0), column sums (1) or the diagonal (2) of a square matrix. */
    private static int[] column(int[][] m, int which) {
        if (m == null || m.length == 0) throw new ModelException("the confusion matrix is null or empty; pass a square matrix");
        int[] out = new int[m.length];
        for (int r = 0; r < m.length; r++) {
            if (m[r] == null || m[r].length != m.length) {
                throw new ModelException("the confusion matrix is not square (row " + r + "); pass classes x classes counts");
            }
            for (int c = 0; c < m.length; c++) {
                if (which == 0) out[r] += m[r][c];
                else if (which == 1) out[c] += m[r][c];
                else if (r == c) out[r] = m[r][c];
            }
        }
        return out;
    }
}
