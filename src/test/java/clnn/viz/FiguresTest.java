package clnn.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.History;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small golden checks of each figure (not pixel-exact): the size, that the digits are drawn (bright
 * pixels inside the cells), that the title is drawn (dark pixels in the title band of a white
 * background), and that mistakes are marked red.
 */
class FiguresTest {
    static Dataset digits;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        digits = DatasetLoader.defaults().load(Path.of("data/digits-train.mat")).data();
    }

    static int count(BufferedImage img, int x0, int y0, int x1, int y1, java.util.function.IntPredicate rgb) {
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) if (rgb.test(img.getRGB(x, y) & 0xFFFFFF)) n++;
        return n;
    }

    static boolean dark(int rgb) {
        return ((rgb >> 16) & 0xFF) < 100 && ((rgb >> 8) & 0xFF) < 100 && (rgb & 0xFF) < 100;
    }

    static boolean red(int rgb) {
        return ((rgb >> 16) & 0xFF) > 180 && ((rgb >> 8) & 0xFF) < 90 && (rgb & 0xFF) < 90;
    }

    static boolean white(int rgb) {
        return rgb == 0xFFFFFF;
    }

    @Test
    void digitGridHasEightByEightCellsATitleAndBrightInk() throws Exception {
        BufferedImage img = Figures.digits(digits, 8, 8, 1);
        int cell = 20 * DigitGrid.SCALE;
        assertEquals(8 * (cell + DigitGrid.PAD) + DigitGrid.PAD, img.getWidth());
        assertEquals(DigitGrid.TITLE + 8 * (DigitGrid.CAPTION + cell + DigitGrid.PAD) + DigitGrid.PAD, img.getHeight());
        int titleInk = count(img, 0, 0, img.getWidth(), DigitGrid.TITLE, FiguresTest::dark);
        assertTrue(titleInk > 200, "title drawn: " + titleInk + " dark pixels");
        assertTrue(count(img, 0, 0, img.getWidth(), DigitGrid.TITLE, FiguresTest::white) > img.getWidth() * 20,
                "white background");
        // Ink is white on the black cells; count bright pixels that have a black pixel 4 px to their left or right.
        int bright = 0;
        for (int y = DigitGrid.TITLE + DigitGrid.CAPTION; y < img.getHeight(); y++) {
            for (int x = 4; x < img.getWidth() - 4; x++) {
                int v = img.getRGB(x, y) & 0xFF;
                if (v > 200 && ((img.getRGB(x - 4, y) & 0xFF) == 0 || (img.getRGB(x + 4, y) & 0xFF) == 0)) bright++;
            }
        }
        assertTrue(bright > 64 * 100, "ink in the cells: " + bright);
        Path f = dir.resolve("digits.png");
        Figures.writePng(img, f);
        BufferedImage back = ImageIO.read(f.toFile());
        assertEquals(img.getWidth(), back.getWidth());
        assertTrue(Files.size(f) > 10_000);
    }

    @Test
    void predictionsMarkMistakesInRedAndErrorsCountThem() {
        int[] predicted = digits.y().clone();
        // Make rows 0..99 wrong: shift their class by one.
        for (int i = 0; i < 100; i++) predicted[i] = (predicted[i] + 1) % 10;
        BufferedImage all = Figures.predictions(digits, digits.y(), 1);
        assertEquals(0, count(all, 0, DigitGrid.TITLE, all.getWidth(), all.getHeight(), FiguresTest::red),
                "no red without mistakes");
        BufferedImage errors = Figures.errors(digits, predicted);
        assertTrue(count(errors, 0, DigitGrid.TITLE, errors.getWidth(), errors.getHeight(), FiguresTest::red) > 64 * 10,
                "every caption of the 64 shown mistakes is red");
        BufferedImage none = Figures.errors(digits, digits.y());
        assertTrue(none.getHeight() < errors.getHeight(), "no mistakes, no cells");
    }

    @Test
    void lossChartIsAPictureWithBothCurves() {
        History h = new History();
        for (int e = 1; e <= 10; e++) h.add(new History.Epoch(e, 2.0 / e, 0.5, 2.5 / e, 0.4, 0.1, 157));
        BufferedImage img = Figures.loss(h);
        assertEquals(720, img.getWidth());
        assertEquals(440, img.getHeight());
        int colours = count(img, 0, 0, img.getWidth(), img.getHeight(), rgb -> !white(rgb) && !dark(rgb)
                && Math.abs(((rgb >> 16) & 0xFF) - (rgb & 0xFF)) > 60);
        assertTrue(colours > 300, "two coloured series drawn: " + colours);
        assertTrue(count(img, 0, 0, img.getWidth(), 30, FiguresTest::dark) > 50, "title drawn");
    }
}
