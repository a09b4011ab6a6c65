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
}
