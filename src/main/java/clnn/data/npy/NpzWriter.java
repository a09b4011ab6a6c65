package clnn.data.npy;

import clnn.data.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a .npz that {@code np.load(path)} reads without {@code allow_pickle}: float32 arrays and
 * Unicode strings ('&lt;U', 0-d), each a version 1.0 .npy entry, deflated. The entries carry a fixed
 * time, so the same arrays give the same bytes. The file is written atomically.
 */
public final class NpzWriter {
    /** 1980-01-01, the earliest time a zip entry holds: fixed, so the output depends on the arrays alone. */
    private static final long ENTRY_TIME = 315532800000L;

    private record Entry(String name, byte[] npy) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** An empty archive to add arrays to. */
    public NpzWriter() {
    }

    /**
     * A float32 array of the given shape, C order, from {@code src} starting at {@code offset}.
     *
     * @param name   the array's name (the entry is NAME.npy)
     * @param shape  the dimensions, e.g. {400, 25} or {25}
     * @param src    the values, row-major
     * @param offset where the first value sits in {@code src}
     * @return this writer
     */
    public NpzWriter floats(String name, int[] shape, float[] src, int offset) {
        long count = 1;
        for (int d : shape) count *= d;
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(count * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) data.putFloat(src[offset + i]);
        entries.add(new Entry(name, npy("<f4", shape, data.array())));
        return this;
    }

    /**
     * A 0-d Unicode string array ('&lt;U' followed by its length): {@code str(np.load(f)[name])} gives it back.
     *
     * @param name  the array's name
     * @param value the text
     * @return this writer
     */
    public NpzWriter text(String name, String value) {
        int[] cps = value.codePoints().toArray();
        ByteBuffer data = ByteBuffer.allocate(Math.max(1, cps.length) * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int cp : cps) data.putInt(cp);
        entries.add(new Entry(name, npy("<U" + Math.max(1, cps.length), new int[0], data.array())));
        return this;
    }

    /**
     * Writes the archive: a temporary file, then a rename over {@code file}.
     *
     * @param file the .npz to write
     * @throws IOException when the folder cannot be written
     */
    public void writeAtomically(Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp));
                 ZipOutputStream zip = new ZipOutputStream(raw)) {
                for (Entry e : entries) {
                    ZipEntry z = new ZipEntry(e.name() + ".npy");
                    z.setTime(ENTRY_TIME);
                    zip.putNextEntry(z);
                    zip.write(e.npy());
                    zip.closeEntry();
                }
            }
        });
    }

    /** A version 1.0 .npy: magic, header dict padded with spaces to a multiple of 64 bytes and ended by a newline. */
    static byte[] npy(String descr, int[] shape, byte[] data) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
        s.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h).put(data);
        return out.array();
    }
}
