package clnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassificationReportTest {
    @Test
    void confusionPrecisionAndRecallByHand() {
        int[] labels = {0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 1, 1, 2, 2};
        ClassificationReport r = ClassificationReport.of(new Evaluation(0.5, 4 / 6.0, 2, 6), labels, predicted, 3);
        assertArrayEquals(new int[] {2, 1, 0}, r.confusion()[0]);
        assertArrayEquals(new int[] {0, 1, 1}, r.confusion()[1]);
        assertArrayEquals(new int[] {0, 0, 1}, r.confusion()[2]);
        assertEquals(1.0, r.precision(0));
        assertEquals(0.5, r.precision(1));
        assertEquals(0.5, r.precision(2));
        assertEquals(2 / 3.0, r.recall(0), 1e-12);
        assertEquals(0.5, r.recall(1));
        assertEquals(1.0, r.recall(2));
        assertEquals(3, r.support(0));
        assertTrue(r.render().contains("     0     2     1     0"), r.render());
        ClassificationReport absent = ClassificationReport.of(new Evaluation(0, 1, 0, 1), new int[] {0}, new int[] {0}, 2);
        assertTrue(Double.isNaN(absent.precision(1)) && Double.isNaN(absent.recall(1)), "undefined, not 0");
    }

    /** The numbers scikit-learn 1.2's classification_report prints for the same labels and predictions. */
    @Test
    void f1AndAveragesMatchScikitLearn() {
        ClassificationReport r = ClassificationReport.of(new Evaluation(0.5, 4 / 6.0, 2, 6), new int[] {0, 0, 0, 1, 1, 2},
                new int[] {0, 0, 1, 1, 2, 2}, 3);
        assertEquals(0.8, r.f1(0), 1e-12);
        assertEquals(0.5, r.f1(1), 1e-12);
        assertEquals(2 / 3.0, r.f1(2), 1e-12);
        assertEquals(0.6667, r.macroAverage(ClassificationReport.PRECISION), 1e-4);
        assertEquals(0.7222, r.macroAverage(ClassificationReport.RECALL), 1e-4);
        assertEquals(0.6556, r.macroAverage(ClassificationReport.F1), 1e-4);
        assertEquals(0.7500, r.weightedAverage(ClassificationReport.PRECISION), 1e-4);
        assertEquals(0.6667, r.weightedAverage(ClassificationReport.RECALL), 1e-4);
        assertEquals(0.6778, r.weightedAverage(ClassificationReport.F1), 1e-4);
        String text = r.render();
        assertTrue(text.contains("   macro avg     0.6667  0.7222    0.6556        6"), text);
        assertTrue(text.contains("weighted avg     0.7500  0.6667    0.6778        6"), text);
        assertTrue(text.contains("    accuracy                       0.6667        6"), text);
        // A class predicted but absent from the labels counts in the macro average, its undefined recall as 0
        // (scikit-learn with labels=[0, 1, 2], zero_division=0: 0.6667 0.5000 0.5556 / 1.0000 0.7500 0.8333).
        ClassificationReport extra = ClassificationReport.of(new Evaluation(0.5, 0.75, 1, 4), new int[] {0, 0, 1, 1},
                new int[] {0, 2, 1, 1}, 3);
        assertEquals(0.6667, extra.macroAverage(ClassificationReport.PRECISION), 1e-4);
        assertEquals(0.5000, extra.macroAverage(ClassificationReport.RECALL), 1e-4);
        assertEquals(0.5556, extra.macroAverage(ClassificationReport.F1), 1e-4);
        assertEquals(1.0000, extra.weightedAverage(ClassificationReport.PRECISION), 1e-4);
        assertEquals(0.7500, extra.weightedAverage(ClassificationReport.RECALL), 1e-4);
        assertEquals(0.8333, extra.weightedAverage(ClassificationReport.F1), 1e-4);
    }
}
