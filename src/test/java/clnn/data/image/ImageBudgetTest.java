package clnn.data.image;

import clnn.data.mat.MatFile;
import clnn.ModelFiles;
import clnn.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Activation;
import clnn.DataException;
import clnn.Dense;
import clnn.Input;
import clnn.ModelException;
import clnn.Sequential;
import clnn.reliability.Refusal;
import clnn.viz.Figures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Images and figures are sized before anything is decoded or allocated: a 40000x40000 PNG (a small
 * file) took 6.3 GB in predict --image and died; show with 400x400-pixel rows or a huge grid
 * overflowed into NegativeArraySizeException or gigabytes. Each is now one line naming the size and
 * the limit.
 */
class ImageBudgetTest {
    static Path dir;
    static Path model;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("clnn-image");
        model = dir.resolve("model.mat");
        try (Sequential m = new Sequential(new Input(400), new Dense(10, Activation.LINEAR))) {
            ModelFiles.save(m, model, clnn.data.LabelRemap.NONE);
        }
    }

    /**
     * A grey PNG whose header says width x height, with one tiny compressed row as its data: enough
     * for a reader to report the size, written in microseconds whatever the size claimed.
     */
    static Path pngClaiming(String name, int width, int height) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grey, deflate, adaptive filter, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        Deflater d = new Deflater();
        d.setInput(new byte[64]);
        d.finish();
        byte[] z = new byte[128];
        chunk(out, "IDAT", Arrays.copyOf(z, d.deflate(z)));
        chunk(out, "IEND", new byte[0]);
        Path f = dir.resolve(name);
        Files.write(f, b.toByteArray());
        return f;
    }

    static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    @Test
    void aFortyThousandSquarePngIsRefusedFromItsHeader() throws Exception {
        Path png = pngClaiming("huge.png", 40_000, 40_000);
        assertTrue(Files.size(png) < 1000, "the file is small; only its header is large");
        DataException e = assertThrows(DataException.class, () -> ImageInput.read(png));
        assertEquals(png + ": the image is 40000x40000 pixels (1600.0 megapixels); clnn reads images of up to 40 "
                + "megapixels: scale it down (a digit needs only about 28x28 pixels)", e.getMessage());
        long start = System.nanoTime();
        Refusal r = Refusal.runChild(512, 20, "predict", "--model", model.toString(), "--image",
                png.toString());
        r.assertRefused(png.toString(), "40000x40000 pixels", "40 megapixels")
                .record("api", "predict --image of a 40000x40000 PNG (child JVM, -Xmx512m)", dir);
        assertTrue((System.nanoTime() - start) / 1e9 < 20);
    }

    @Test
    void anImageWithinThePixelBudgetButBeyondTheHeapIsRefused() throws Exception {
        Path png = pngClaiming("heap.png", 6000, 6000);
        Refusal r = Refusal.runChild(128, 20, "predict", "--model", model.toString(), "--image",
                png.toString());
        r.assertRefused(png.toString(), "6000x6000 pixels", "of Java heap", "-Xmx")
                .record("api", "predict --image of a 6000x6000 PNG (child JVM, -Xmx128m)", dir);
    }

    @Test
    void unreadableImagesAreOneLine() throws Exception {
        Path text = dir.resolve("text.png");
        Files.writeString(text, "not an image");
        assertTrue(assertThrows(DataException.class, () -> ImageInput.read(text)).getMessage()
                .contains("not an image format Java can read"));
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64; i++) img.setRGB(i, (i * 7) % 64, 0xffffff);
        Path whole = dir.resolve("whole.png");
        ImageIO.write(img, "png", whole.toFile());
        Path cut = dir.resolve("cut.png");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        String m = assertThrows(DataException.class, () -> ImageInput.read(cut)).getMessage();
        assertTrue(m.startsWith(cut + ": cannot read the image"), m);
        assertEquals(1, m.lines().count(), m);
        assertEquals(64, ImageInput.read(whole).getWidth());
        assertThrows(DataException.class, () -> ImageInput.read(null));
    }

    @Test
    void figuresOfLargeImagesAreRefusedBeforeAllocating() {
        // 9 rows of 400x400 pixels in the 8-column grid: 12872x3300 pixels, 42.5 megapixels.
        Dataset big = new Dataset(new float[9 * 160_000], new int[9], 160_000, 1, "big");
        DataException e = assertThrows(DataException.class, () -> Figures.digits(big, 8, 8, 1));
        assertTrue(e.getMessage().startsWith("big: the figure would be 12872x3300 pixels (42.5 megapixels) for 9 images of "
                + "400x400; figures are drawn up to 40 megapixels"), e.getMessage());
        assertTrue(e.getMessage().endsWith("at most 15 images of this size fit, so show fewer (--rows/--cols)"),
                e.getMessage());
        // Before: rows * cols overflowed int and the grid's width did too.
        Dataset small = new Dataset(new float[30 * 400], new int[30], 400, 1, "small");
        DataException grid = assertThrows(DataException.class, () -> Figures.digits(small, 100_000, 100_000, 1));
        assertTrue(grid.getMessage().startsWith("small: the figure would be 8800008x154 pixels"), grid.getMessage());
        assertThrows(ModelException.class, () -> Figures.digits(small, 0, 8, 1));
        assertEquals(8 * 88 + 8, Figures.digits(small, 2, 8, 1).getWidth(), "ordinary figures are unchanged");
    }

    @Test
    void showOfLargeImagesThroughTheCommandLine() throws Exception {
        Path data = dir.resolve("big.mat");
        new MatFile.Writer().doubles("X", 9, 160_000, new double[9 * 160_000])
                .uint8Column("y", new byte[] {1, 2, 1, 2, 1, 2, 1, 2, 1}).writeAtomically(data);
        Refusal.run("show", "--data", data.toString(), "--out", dir.resolve("big.png").toString())
                .assertRefused(data.toString(), "12872x3300 pixels", "40 megapixels", "--rows/--cols")
                .record("api", "show of 9 rows of 400x400-pixel images", dir);
    }
}
