package clnn.data.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;

/**
 * JPEG files as a phone writes them: the pixels stored turned or mirrored, and an Exif APP1 segment
 * whose IFD0 Orientation says how to show them. Written by hand here (ImageIO writes no Exif), in
 * either TIFF byte order, so the reader is tested against bytes it did not produce.
 */
final class ExifJpeg {
    private ExifJpeg() {
    }

    /**
     * The pixels a camera stores for a picture meant to be {@code shown} with this Orientation: the
     * inverse of the turn or mirror the viewer applies (6 is shown turned 90 degrees clockwise, so it is
     * stored turned 90 degrees counter-clockwise).
     */
    static BufferedImage stored(BufferedImage shown, int orientation) {
        int w = shown.getWidth();
        int h = shown.getHeight();
        boolean swap = orientation >= 5;
        BufferedImage s = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = shown.getRGB(x, y);
                switch (orientation) {
                    case 1 -> s.setRGB(x, y, rgb);
                    case 2 -> s.setRGB(w - 1 - x, y, rgb);
                    case 3 -> s.setRGB(w - 1 - x, h - 1 - y, rgb);
                    case 4 -> s.setRGB(x, h - 1 - y, rgb);
                    case 5 -> s.setRGB(y, x, rgb);
                    case 6 -> s.setRGB(y, w - 1 - x, rgb); // turned counter-clockwise: the top row becomes the left column, bottom up
                    case 7 -> s.setRGB(h - 1 - y, w - 1 - x, rgb);
                    case 8 -> s.setRGB(h - 1 - y, x, rgb); // turned clockwise: the top row becomes the right column
                    default -> throw new IllegalArgumentException("orientation " + orientation);
                }
            }
        }
        return s;
    }

    /** {@code img} as a JPEG (ImageIO's) with an Exif APP1 right after the SOI marker. */
    static byte[] withOrientation(BufferedImage img, int orientation, boolean littleEndian) throws IOException {
        return insertApp1(jpeg(img), app1(tiffWithOrientation(orientation, littleEndian)));
    }

    static byte[] jpeg(BufferedImage img) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "jpg", b)) throw new IOException("no JPEG writer");
        return b.toByteArray();
    }

    /** A TIFF header and an IFD0 of one entry: Orientation, one SHORT. */
    static byte[] tiffWithOrientation(int orientation, boolean littleEndian) {
        ByteBuffer t = ByteBuffer.allocate(8 + 2 + 12 + 4).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        t.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M')).putShort((short) 42).putInt(8);
        t.putShort((short) 1);
        t.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        t.putInt(0); // no IFD1
        return t.array();
    }

    /** An APP1 segment holding {@code Exif\0\0} and the TIFF bytes. */
    static byte[] app1(byte[] tiff) {
        ByteBuffer b = ByteBuffer.allocate(4 + 6 + tiff.length);
        b.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + tiff.length));
        b.put(new byte[] {'E', 'x', 'i', 'f', 0, 0}).put(tiff);
        return b.array();
    }

    static byte[] insertApp1(byte[] jpeg, byte[] app1) {
        byte[] out = new byte[jpeg.length + app1.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(app1, 0, out, 2, app1.length);
        System.arraycopy(jpeg, 2, out, 2 + app1.length, jpeg.length - 2);
        return out;
    }
}
