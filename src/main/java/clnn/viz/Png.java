package clnn.viz;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A PNG encoder for the figures (TYPE_INT_RGB images: 8-bit RGB, no alpha), several times faster
 * than ImageIO's on a cold JVM: no plug-in registry to load, and one filter (Up, which leaves the
 * large flat areas of a figure as zeros) instead of trying all five on every row. The pixels are
 * the same; the file is a plain, non-interlaced PNG that any reader opens. Other image types are
 * not taken here ({@link #canWrite}).
 */
final class Png {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int FILTER_NONE = 0;
    private static final int FILTER_UP = 2;

    private Png() {
    }

    /** Whether {@link #write} takes this image: TYPE_INT_RGB on its own pixel array. */
    static boolean canWrite(BufferedImage img) {
        return img.getType() == BufferedImage.TYPE_INT_RGB && img.getRaster().getDataBuffer() instanceof DataBufferInt
                && img.getSampleModel() instanceof SinglePixelPackedSampleModel;
    }

    static void write(BufferedImage img, OutputStream out) throws IOException {
        if (!canWrite(img)) throw new IllegalArgumentException("not a TYPE_INT_RGB image: " + img);
        int w = img.getWidth();
        int h = img.getHeight();
        out.write(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 8; // bits per sample
        ihdr[9] = 2; // colour type: RGB
        // compression 0 (deflate), filter method 0, no interlace
        chunk(out, "IHDR", ihdr, ihdr.length);

        // Pixel (x, y) is data[offset + y * stride + x]: the raster of a sub-image has its own offset.
        SinglePixelPackedSampleModel sm = (SinglePixelPackedSampleModel) img.getSampleModel();
        DataBufferInt buffer = (DataBufferInt) img.getRaster().getDataBuffer();
        int[] data = buffer.getData();
        int stride = sm.getScanlineStride();
        int offset = buffer.getOffset() - img.getRaster().getSampleModelTranslateX()
                - img.getRaster().getSampleModelTranslateY() * stride;
        ChunkStream idat = new ChunkStream(out, "IDAT");
        // Level 3: measured about as fast as level 1 and 2x faster than the default 6 on a digit grid
        // (7 ms against 12-20 ms warm), for files 20% larger than level 6's (53 KB against 44 KB).
        Deflater deflater = new Deflater(3);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
            byte[] row = new byte[1 + 3 * w];
            byte[] previous = new byte[3 * w];
            byte[] current = new byte[3 * w];
            for (int y = 0; y < h; y++) {
                int from = offset + y * stride;
                for (int x = 0, b = 0; x < w; x++) {
                    int p = data[from + x];
                    current[b++] = (byte) (p >> 16);
                    current[b++] = (byte) (p >> 8);
                    current[b++] = (byte) p;
                }
                if (y == 0) {
                    row[0] = FILTER_NONE;
                    System.arraycopy(current, 0, row, 1, current.length);
                } else {
                    row[0] = FILTER_UP;
                    for (int i = 0; i < current.length; i++) row[i + 1] = (byte) (current[i] - previous[i]);
                }
                z.write(row);
                byte[] t = previous;
                previous = current;
                current = t;
            }
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
        out.flush();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void chunk(OutputStream out, String type, byte[] data, int length) throws IOException {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, head, 4, 4);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, length);
        out.write(head);
        out.write(data, 0, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.write(tail);
    }

    /** Deflated bytes, cut into IDAT chunks of up to 64 KB; close() writes the last one (not the stream's end). */
    private static final class ChunkStream extends OutputStream {
        private final OutputStream out;
        private final String type;
        private final byte[] buf = new byte[1 << 16];
        private int n;

        ChunkStream(OutputStream out, String type) {
            this.out = out;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            if (n == buf.length) flushChunk();
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (n == buf.length) flushChunk();
                int take = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, take);
                n += take;
                off += take;
                len -= take;
            }
        }

        private void flushChunk() throws IOException {
            if (n > 0) chunk(out, type, buf, n);
            n = 0;
        }

        @Override
        public void close() throws IOException {
            flushChunk();
        }
    }
}
