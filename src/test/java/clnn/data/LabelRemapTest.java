package clnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.DataException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The label mapping as a typed value: what model.mat stores, and the texts it refuses. */
class LabelRemapTest {
    @Test
    void roundTripsThroughItsText() {
        assertEquals(LabelRemap.NONE, LabelRemap.parse("none").orElseThrow());
        assertEquals(LabelRemap.of(10), LabelRemap.parse("10->0").orElseThrow());
        assertEquals("10->0", LabelRemap.of(10).text());
        assertEquals("none", LabelRemap.NONE.text());
        assertEquals(LabelRemap.of(2147483647), LabelRemap.parse(" 2147483647->0 ").orElseThrow());
    }

    @Test
    void damagedTextsAreNotMappings() {
        for (String bad : new String[] {"x->0", "99999999999->0", "0->0", "-3->0", "->0", "10->1", "10", "", "NONE"}) {
            assertEquals(Optional.empty(), LabelRemap.parse(bad), bad);
        }
        assertTrue(assertThrows(DataException.class, () -> LabelRemap.of(0)).getMessage().contains("got 0"));
    }
}
