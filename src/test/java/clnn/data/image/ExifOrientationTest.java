package clnn.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Exif Orientation reader on hand-written APP1 segments, damaged ones included, and the turns it asks for. */
class ExifOrientationTest {
    @TempDir
    Path dir;

    static final BufferedImage SMALL = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);

    static int read(byte[] bytes) throws IOException {
        return ExifOrientation.of(new ByteArrayInputStream(bytes));
    }

    @Test
    void everyOrientationInBothByteOrders() throws Exception {
        for (int o = 1; o <= 8; o++) {
            for (boolean little : new boolean[] {true, false}) {
                byte[] jpeg = ExifJpeg.withOrientation(SMALL, o, little);
                assertEquals(o, read(jpeg), "orientation " + o + (little ? " II" : " MM"));
                Path f = dir.resolve("o" + o + little + ".jpg");
                Files.write(f, jpeg);
                assertEquals(o, ExifOrientation.of(f));
                BufferedImage img = ImageInput.read(f);
                assertEquals(o >= 5 ? 6 : 8, img.getWidth(), "width once upright, orientation " + o);
            }
        }
    }

    @Test
    void aJpegWithoutExifAndOtherFilesAreAsStored() throws Exception {
        assertEquals(1, read(ExifJpeg.jpeg(SMALL)));
        assertEquals(1, read(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
        assertEquals(1, read(new byte[0]));
        assertEquals(1, ExifOrientation.of(dir.resolve("missing.jpg")));
    }

    /** Damaged Exif is ignored: the pixels as stored, never an exception. */
    @Test
    void damagedExifReadsAsStored() throws Exception {
        byte[] jpeg = ExifJpeg.jpeg(SMALL);
        byte[] tiff = ExifJpeg.tiffWithOrientation(6, true);
        // Truncated in the middle of the APP1 segment.
        byte[] whole = ExifJpeg.insertApp1(jpeg, ExifJpeg.app1(tiff));
        assertEquals(1, read(Arrays.copyOf(whole, 2 + 4 + 6 + 10)));
        // IFD0 offset past the end of the segment.
        byte[] farIfd = tiff.clone();
        farIfd[4] = (byte) 0xF0;
        farIfd[5] = (byte) 0x7F;
        assertEquals(1, read(ExifJpeg.insertApp1(jpeg, ExifJpeg.app1(farIfd))));
        // An entry count that runs past the segment.
        byte[] manyEntries = tiff.clone();
        manyEntries[8] = (byte) 0xFF;
        manyEntries[9] = (byte) 0xFF;
        assertEquals(1, read(ExifJpeg.insertApp1(jpeg, ExifJpeg.app1(manyEntries))));
        // Values outside 1..8, and the wrong type.
        assertEquals(1, read(ExifJpeg.withOrientation(SMALL, 0, true)));
        assertEquals(1, read(ExifJpeg.withOrientation(SMALL, 9, false)));
        byte[] longType = tiff.clone();
        longType[8 + 2 + 2] = 4; // LONG instead of SHORT
        assertEquals(1, read(ExifJpeg.insertApp1(jpeg, ExifJpeg.app1(longType))));
        // Not a TIFF header, and a segment length below 2.
        byte[] noTiff = tiff.clone();
        noTiff[0] = 'X';
        assertEquals(1, read(ExifJpeg.insertApp1(jpeg, ExifJpeg.app1(noTiff))));
        byte[] badLength = ExifJpeg.insertApp1(jpeg, ExifJpeg.app1(tiff));
        badLength[4] = 0;
        badLength[5] = 1;
        assertEquals(1, read(badLength));
        // The damaged file itself still reads (as stored) when its pixels are whole.
        Path f = dir.resolve("far-ifd.jpg");
        Files.write(f, ExifJpeg.insertApp1(jpeg, ExifJpeg.app1(farIfd)));
        assertEquals(8, ImageInput.read(f).getWidth());
    }

    /**
     * Stored pixels a b c / d e f shown for each Orientation, written out by hand (Exif 2.3, table of
     * Orientation: 6 is "the 0th row is the visual right-hand side", shown turned 90 degrees clockwise).
     */
    @Test
    void theTurnsAndMirrorsOfEachOrientation() {
        BufferedImage stored = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        int[] abcdef = {1, 2, 3, 4, 5, 6};
        stored.setRGB(0, 0, 3, 2, abcdef, 0, 3);
        int a = 1, b = 2, c = 3, d = 4, e = 5, f = 6;
        int[][] shown = {
            null,
            {a, b, c, d, e, f},
            {c, b, a, f, e, d},
            {f, e, d, c, b, a},
            {d, e, f, a, b, c},
            {a, d, b, e, c, f},
            {d, a, e, b, f, c},
            {f, c, e, b, d, a},
            {c, f, b, e, a, d},
        };
        for (int o = 1; o <= 8; o++) {
            BufferedImage up = Upright.apply(stored, o);
            int w = o >= 5 ? 2 : 3;
            assertEquals(w, up.getWidth(), "orientation " + o);
            int[] px = up.getRGB(0, 0, w, 6 / w, null, 0, w);
            for (int i = 0; i < px.length; i++) px[i] &= 0xFFFFFF;
            assertArrayEquals(shown[o], px, "orientation " + o);
            // The test's own writer stores what the reader turns back.
            int[] back = Upright.apply(ExifJpeg.stored(stored, o), o).getRGB(0, 0, 3, 2, null, 0, 3);
            for (int i = 0; i < back.length; i++) back[i] &= 0xFFFFFF;
            assertArrayEquals(abcdef, back, "stored then shown, orientation " + o);
        }
    }
}
