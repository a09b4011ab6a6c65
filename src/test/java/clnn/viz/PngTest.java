package clnn.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.History;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clnn's PNG encoder and the direct-to-pixels digit images: the same pixels as before, read back by ImageIO. */
class PngTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    Path dir;

    static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int e = expected.getRGB(x, y) & 0xFFFFFF;
                int a = actual.getRGB(x, y) & 0xFFFFFF;
                if (e != a) throw new AssertionError("pixel (" + x + ", " + y + "): " + Integer.toHexString(e) + " vs " + Integer.toHexString(a));
            }
        }
    }

    static BufferedImage roundTrip(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Png.write(img, out);
        return ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void anyReaderGetsThePixelsBack() throws Exception {
        Random r = new Random(3);
        for (int[] size : new int[][] {{1, 1}, {3, 2}, {257, 131}, {720, 440}}) {
            BufferedImage img = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size[1]; y++) for (int x = 0; x < size[0]; x++) img.setRGB(x, y, r.nextInt(8) == 0 ? r.nextInt() : 0xFFFFFF);
            assertSamePixels(img, roundTrip(img));
        }
        // A sub-image shares its parent's pixel array, at an offset and with the parent's row length.
        BufferedImage parent = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = parent.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(10, 5, 20, 20);
        g.dispose();
        BufferedImage sub = parent.getSubimage(7, 3, 30, 25);
        assertSamePixels(sub, roundTrip(sub));
    }

    @Test
    void onlyIntRgbImagesAreItsOwn() {
        assertTrue(Png.canWrite(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB)));
        assertFalse(Png.canWrite(new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB)));
        assertFalse(Png.canWrite(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY)));
    }

    @Test
    void figuresWrittenToFilesReadBackTheSame() throws Exception {
        History h = new History();
        for (int e = 1; e <= 5; e++) h.add(new History.Epoch(e, 1.0 / e, 0, Double.NaN, Double.NaN, 0, 1));
        BufferedImage loss = Figures.loss(h);
        Path f = dir.resolve("loss.png");
        Figures.writePng(loss, f);
        assertSamePixels(loss, ImageIO.read(f.toFile()));
        BufferedImage argb = new BufferedImage(3, 3, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0x80FF0000);
        Path g = dir.resolve("argb.png");
        Figures.writePng(argb, g);
        assertEquals(0x80FF0000, ImageIO.read(g.toFile()).getRGB(1, 1), "other types through ImageIO, alpha kept");
        assertTrue(Files.size(f) > 1000);
    }

    /** The digit image as it was drawn before, one setRGB a pixel. */
    static BufferedImage reference(float[] x, int offset, int side, int scale) {
        BufferedImage img = new BufferedImage(side * scale, side * scale, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int v = Math.round(DigitImage.pixel(x, offset, side, r, c) * 255f);
                int rgb = (v << 16) | (v << 8) | v;
                for (int dy = 0; dy < scale; dy++) for (int dx = 0; dx < scale; dx++) img.setRGB(c * scale + dx, r * scale + dy, rgb);
            }
        }
        return img;
    }

    @Test
    void digitImagesAreThePixelsTheyWere() {
        Random r = new Random(5);
        float[] x = new float[3 * 49];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 1.4f - 0.2f;
        for (int scale : new int[] {1, 2, 4}) {
            for (int row = 0; row < 3; row++) assertSamePixels(reference(x, row * 49, 7, scale), DigitImage.render(x, row * 49, 7, scale));
        }
    }
}
