package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebook's workflow on the bundled digits: train with figures, show, predict a row and an image, evaluate. */
class DigitsCliTest {
    @TempDir
    static Path dir;
    static Path run;

    @BeforeAll
    static void train() {
        run = dir.resolve("run");
        CliRun r = CliRun.of("train", "--device", "cpu", "--epochs", "15", "--verbose", "2", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("loss.png, predictions.png, errors.png"), r.toString());
    }

    @Test
    void trainingWritesTheFigures() throws Exception {
        for (String f : new String[] {"loss.png", "predictions.png", "errors.png"}) {
            BufferedImage img = ImageIO.read(run.resolve(f).toFile());
            assertTrue(img.getWidth() >= 700 && img.getHeight() >= 400, f + " " + img.getWidth() + "x" + img.getHeight());
        }
    }

    @Test
    void showDrawsTheDigitGrid() throws Exception {
        Path out = dir.resolve("digits.png");
        CliRun r = CliRun.of("show", "--rows", "4", "--cols", "6", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(6 * (80 + 8) + 8, img.getWidth());
        CliRun bad = CliRun.of("show", "--data", run.resolve("model.mat").toString(), "--out", out.toString());
        assertEquals(2, bad.exitCode(), bad.toString());
    }

    @Test
    void predictTheNotebooksRowAndADrawnDigit() throws Exception {
        CliRun row = CliRun.of("predict", "--model", run.resolve("model.mat").toString(), "--index", "1015");
        assertEquals(0, row.exitCode(), row.toString());
        assertTrue(row.out().contains("label 2") && row.out().contains("largest prediction index: 2"), row.toString());

        BufferedImage img = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 120, 160);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(10, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(62, 15, 58, 145);
        g.dispose();
        Path png = dir.resolve("one.png");
        ImageIO.write(img, "png", png.toFile());
        CliRun image = CliRun.of("predict", "--model", run.resolve("model.mat").toString(), "--image", png.toString());
        assertEquals(0, image.exitCode(), image.toString());
        assertTrue(image.out().contains("1. class 1 "), image.toString());
        assertTrue(image.out().lines().filter(l -> l.matches("  [123]\\. class \\d  probability 0\\.\\d{4}")).count() == 3,
                image.toString());

        CliRun neither = CliRun.of("predict", "--model", run.resolve("model.mat").toString());
        assertEquals(2, neither.exitCode(), "--index or --image is required: " + neither);
    }

    @Test
    void evaluatePrintsTheConfusionMatrixAndPerClassScores() {
        CliRun r = CliRun.of("evaluate", "--model", run.resolve("model.mat").toString(), "--data", "data/digits-test.mat");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("confusion matrix (rows: true class, columns: predicted class)"), r.toString());
        assertTrue(r.out().contains("class  precision  recall  f1-score  support") && r.out().contains("macro avg")
                && r.out().contains("weighted avg"), r.toString());
        assertTrue(r.out().lines().filter(l -> l.matches("\\s+\\d\\s+0\\.\\d{4}\\s+0\\.\\d{4}\\s+0\\.\\d{4}\\s+\\d+")).count() == 10,
                r.toString());
        assertTrue(Files.exists(run.resolve("history.csv")));
    }
}
