package clnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Messages count correctly: "1 epoch", "2 epochs", "0 images". */
class TextCountTest {
    @Test
    void oneIsSingularEverythingElsePlural() {
        assertEquals("1 epoch", Text.count(1, "epoch"));
        assertEquals("2 epochs", Text.count(2, "epoch"));
        assertEquals("0 images", Text.count(0, "image"));
        assertEquals("5000 errors", Text.count(5000, "error"));
    }
}
