package clnn.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Writes MAT v5 bytes by hand, so the tests can make files that no library would write: dimensions
 * that lie, a v7.3 header, a v4 file. Little-endian, as MATLAB writes on x86.
 */
final class RawMat {
    private RawMat() {
    }

    static byte[] header(String text) {
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 116; i++) b.put(i < t.length ? t[i] : (byte) ' ');
        b.position(124);
        b.putShort((short) 0x0100);
        b.put((byte) 'I').put((byte) 'M');
        return b.array();
    }

    /** An uncompressed miMATRIX double variable with the given dimensions but only {@code values} in its data. */
    static byte[] doubleMatrix(String name, int[] dims, double[] values) {
        ByteBuffer body = ByteBuffer.allocate(4096 + values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(6).putInt(8).putInt(6).putInt(0); // array flags: miUINT32, 8 bytes, class double
        body.putInt(5).putInt(dims.length * 4); // dimensions: miINT32
        for (int d : dims) body.putInt(d);
        pad(body);
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        body.putInt(1).putInt(n.length).put(n); // name: miINT8
        pad(body);
        body.putInt(9).putInt(values.length * 8); // real part: miDOUBLE
        for (double v : values) body.putDouble(v);
        pad(body);
        int len = body.position();
        ByteBuffer out = ByteBuffer.allocate(8 + len).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(14).putInt(len).put(body.array(), 0, len);
        return out.array();
    }

    static byte[] compressed(byte[] element) {
        Deflater d = new Deflater();
        d.setInput(element);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) z.write(buf, 0, d.deflate(buf));
        d.end();
        ByteBuffer out = ByteBuffer.allocate(8 + z.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(15).putInt(z.size()).put(z.toByteArray());
        return out.array();
    }

    /** A MATLAB v4 file: five int32s (type 0 = little-endian double, rows, cols, imaginary, name length), name, data. */
    static byte[] v4(String name, int rows, int cols) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(20 + n.length + rows * cols * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).putInt(rows).putInt(cols).putInt(0).putInt(n.length).put(n);
        for (int i = 0; i < rows * cols; i++) b.putDouble(i);
        return b.array();
    }

    /** The start of a MATLAB v7.3 file: its text header, then HDF5's signature at byte 512. */
    static byte[] v73() {
        byte[] f = new byte[1024];
        byte[] h = header("MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Thu Nov 26 12:00:00 2026 HDF5 schema 1.00 .");
        System.arraycopy(h, 0, f, 0, 128);
        byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(sig, 0, f, 512, 8);
        return f;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static void pad(ByteBuffer b) {
        while (b.position() % 8 != 0) b.put((byte) 0);
    }
}
