package clnn;

import java.util.Locale;

/**
 * Per-class results of a model on labelled data, as {@code engine evaluate} prints them: the
 * confusion matrix (rows = true class, columns = predicted class), precision and recall per class,
 * and the overall loss and accuracy.
 */
public record ClassificationReport(Evaluation overall, int[][] confusion) {

    /** Counts (label, prediction) pairs; both arrays hold class indices 0..classes-1, one per row. */
    public static ClassificationReport of(Evaluation overall, int[] labels, int[] predicted, int classes) {
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predicted.length + " predictions");
        }
        int[][] m = new int[classes][classes];
        for (int i = 0; i < labels.length; i++) m[labels[i]][predicted[i]]++;
        return new ClassificationReport(overall, m);
    }

    public int classes() {
        return confusion.length;
    }

    /** Rows of class {@code c} in the data. */
    public int support(int c) {
        int s = 0;
        for (int v : confusion[c]) s += v;
        return s;
    }

    /** Of the rows predicted as {@code c}, the fraction that are {@code c}; NaN when nothing was predicted as c. */
    public double precision(int c) {
        int predicted = 0;
        for (int[] row : confusion) predicted += row[c];
        return predicted == 0 ? Double.NaN : (double) confusion[c][c] / predicted;
    }

    /** Of the rows of class {@code c}, the fraction predicted as {@code c}; NaN when the class is absent. */
    public double recall(int c) {
        int s = support(c);
        return s == 0 ? Double.NaN : (double) confusion[c][c] / s;
    }

    /** The report as text: overall line, confusion matrix, then precision/recall/support per class. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "loss %.4f, accuracy %.4f, %d errors out of %d%n", overall.loss(),
                overall.accuracy(), overall.errors(), overall.rows()));
        sb.append("confusion matrix (rows: true class, columns: predicted class)\n      ");
        for (int c = 0; c < classes(); c++) sb.append(String.format(Locale.ROOT, "%6d", c));
        sb.append('\n');
        for (int r = 0; r < classes(); r++) {
            sb.append(String.format(Locale.ROOT, "%6d", r));
            for (int c = 0; c < classes(); c++) sb.append(String.format(Locale.ROOT, "%6d", confusion[r][c]));
            sb.append('\n');
        }
        sb.append("class  precision  recall  support\n");
        for (int c = 0; c < classes(); c++) {
            sb.append(String.format(Locale.ROOT, "%5d  %9.4f  %6.4f  %7d%n", c, precision(c), recall(c), support(c)));
        }
        return sb.toString();
    }
}
