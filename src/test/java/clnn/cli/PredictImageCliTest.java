package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Activation;
import clnn.Dense;
import clnn.Input;
import clnn.ModelFiles;
import clnn.Sequential;
import clnn.data.image.ImageInput;
import clnn.viz.DigitImage;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict --image --save-preprocessed writes exactly the input the network was given. */
class PredictImageCliTest {
    @TempDir
    Path dir;

    @Test
    void savePreprocessedWritesTheNetworksInputTenTimesLarger() throws Exception {
        Path model = dir.resolve("model.mat");
        try (Sequential m = new Sequential(new Input(400), new Dense(10, Activation.LINEAR))) {
            ModelFiles.save(m, model, clnn.data.LabelRemap.NONE);
        }
        // A light stroke on a dark grey gradient: the preparation removes the gradient and keeps the stroke.
        BufferedImage img = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 160; y++) {
            for (int x = 0; x < 120; x++) {
                int g = x >= 55 && x < 67 && y >= 20 && y < 140 ? 230 : 20 + x / 2;
                img.setRGB(x, y, g << 16 | g << 8 | g);
            }
        }
        Path png = dir.resolve("one.png");
        ImageIO.write(img, "png", png.toFile());
        Path seen = dir.resolve("seen/by-the-network.png");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--image", png.toString(), "--save-preprocessed",
                seen.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("wrote ") && r.out().contains("by-the-network.png"), r.toString());
        BufferedImage saved = ImageIO.read(seen.toFile());
        assertEquals(200, saved.getWidth());
        assertEquals(200, saved.getHeight());
        float[] row = ImageInput.toRow(ImageInput.read(png), 20, "one.png");
        BufferedImage expected = DigitImage.render(row, 0, 20, 10);
        assertArrayEquals(expected.getRGB(0, 0, 200, 200, null, 0, 200), saved.getRGB(0, 0, 200, 200, null, 0, 200));
        // The stroke is a bright vertical bar in the middle; the gradient left nothing in the corners.
        assertTrue((saved.getRGB(100, 100) & 0xFF) > 200, "bright ink in the middle");
        assertEquals(0, saved.getRGB(5, 5) & 0xFFFFFF);
        assertEquals(0, saved.getRGB(195, 195) & 0xFFFFFF);
        assertTrue(Files.list(seen.getParent()).count() == 1, "no temporary file left");
    }
}
