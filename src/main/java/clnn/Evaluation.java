package clnn;

/**
 * Loss and accuracy of a model on a labelled data set.
 *
 * @param loss     mean cross-entropy over the rows
 * @param accuracy fraction of rows whose argmax equals the label
 * @param errors   rows whose argmax differs from the label
 * @param rows     rows evaluated
 */
public record Evaluation(double loss, double accuracy, int errors, int rows) {
}
