package clnn.data.image;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Orientation tag (0x0112) of a JPEG's Exif block: how the camera held the sensor, which phones
 * record instead of turning the pixels (a portrait photo is stored sideways with Orientation 6).
 * Only what that one tag needs is read: the JPEG markers up to the first scan, the APP1 segment that
 * starts with {@code Exif\0\0}, its TIFF header (either byte order) and the entries of IFD0.
 *
 * <p>A reader of our own rather than a metadata library: one tag of one directory is about a
 * hundred lines, and the library's users would otherwise inherit a dependency for it. Anything
 * damaged, missing or out of range (a truncated segment, an offset past the end, a value outside
 * 1..8) reads as 1, "as stored": a bad tag never stops a prediction.
 */
public final class ExifOrientation {
    /** As stored: no turn, no mirror. */
    public static final int NORMAL = 1;

    /** APP1 segments are at most 64 KiB; markers before the first scan are few. */
    private static final int MAX_SEGMENTS = 64;

    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {
    }

    /**
     * The Orientation of a JPEG file, 1 to 8 as Exif numbers them.
     *
     * @param file any file; files that are not JPEG, or whose Exif block is missing or damaged, read as 1
     * @return the tag's value, or {@link #NORMAL} when there is none to trust
     */
    public static int of(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return of(in);
        } catch (IOException | RuntimeException e) {
            return NORMAL;
        }
    }

    /**
     * The Orientation read from the start of a JPEG stream.
     *
     * @param stream the file's bytes from its first one
     * @return 1 to 8, {@link #NORMAL} when the stream is not a JPEG or carries no usable tag
     * @throws IOException when the stream cannot be read
     */
    static int of(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            if (in.readUnsignedShort() != 0xFFD8) return NORMAL; // no SOI: not a JPEG
            for (int segment = 0; segment < MAX_SEGMENTS; segment++) {
                int marker = in.readUnsignedByte();
                if (marker != 0xFF) return NORMAL;
                int type = in.readUnsignedByte();
                while (type == 0xFF) type = in.readUnsignedByte(); // fill bytes
                if (type == 0xD9 || type == 0xDA) return NORMAL; // end of image, or the pixels start: no Exif before them
                if (type == 0x01 || (type >= 0xD0 && type <= 0xD7)) continue; // markers without a length
                int length = in.readUnsignedShort();
                if (length < 2) return NORMAL;
                byte[] body = new byte[length - 2];
                in.readFully(body);
                if (type == 0xE1 && isExif(body)) {
                    int o = orientationInTiff(body, 6);
                    if (o != 0) return o; // a second APP1 (XMP) may follow a first without the tag
                }
            }
            return NORMAL;
        } catch (EOFException e) {
            return NORMAL; // truncated: as stored
        }
    }

    private static boolean isExif(byte[] b) {
        return b.length >= 6 && b[0] == 'E' && b[1] == 'x' && b[2] == 'i' && b[3] == 'f' && b[4] == 0 && b[5] == 0;
    }

    /**
     * The Orientation entry of IFD0 of the TIFF structure starting at {@code start}, or 0 when the
     * structure is damaged or holds no valid entry.
     */
    static int orientationInTiff(byte[] b, int start) {
        Tiff t = Tiff.at(b, start);
        if (t == null) return 0;
        long ifd = t.u32(4);
        if (ifd < 8 || ifd > b.length - start - 2L) return 0;
        int entries = t.u16((int) ifd);
        if (ifd + 2 + 12L * entries > b.length - start) return 0; // the directory runs past the segment: damaged
        for (int i = 0; i < entries; i++) {
            int at = (int) (ifd + 2 + 12L * i);
            if (t.u16(at) != TAG_ORIENTATION) continue;
            // One SHORT, held in the first two bytes of the value field in the file's byte order.
            if (t.u16(at + 2) != TYPE_SHORT || t.u32(at + 4) != 1) return 0;
            int value = t.u16(at + 8);
            return value >= 1 && value <= 8 ? value : 0;
        }
        return 0;
    }

    /** A TIFF header's byte order, and reads of unsigned integers at offsets from the header. */
    private record Tiff(byte[] b, int start, boolean littleEndian) {
        static Tiff at(byte[] b, int start) {
            if (b.length - start < 8) return null;
            boolean little;
            if (b[start] == 'I' && b[start + 1] == 'I') {
                little = true;
            } else if (b[start] == 'M' && b[start + 1] == 'M') {
                little = false;
            } else {
                return null;
            }
            Tiff t = new Tiff(b, start, little);
            return t.u16(2) == 42 ? t : null;
        }

        int u8(int offset) {
            return b[start + offset] & 0xFF;
        }

        int u16(int offset) {
            return littleEndian ? u8(offset) | u8(offset + 1) << 8 : u8(offset) << 8 | u8(offset + 1);
        }

        long u32(int offset) {
            long lo = u16(littleEndian ? offset : offset + 2);
            long hi = u16(littleEndian ? offset + 2 : offset);
            return hi << 16 | lo;
        }
    }
}
