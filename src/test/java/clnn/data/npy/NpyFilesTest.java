package clnn.data.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.DataException;
import clnn.data.mat.MatContents;
import clnn.data.mat.MatVariable;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy and .npz in: every dtype and order clnn reads, and each refusal before anything large is allocated. */
class NpyFilesTest {
    @TempDir
    Path dir;

    /** A .npy of the given header dict (version 1) and raw data. */
    static byte[] npy(String dict, byte[] data) {
        return npy(1, dict, data);
    }

    static byte[] npy(int version, String dict, byte[] data) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) b.putShort((short) h.length);
        else b.putInt(h.length);
        b.put(h).put(data);
        return Arrays.copyOf(b.array(), b.position());
    }

    static String dict(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    }

    static byte[] values(ByteOrder order, int size, double... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * size).order(order);
        for (double d : v) {
            switch (size) {
                case 1 -> b.put((byte) d);
                case 2 -> b.putShort((short) d);
                case 4 -> b.putInt((int) d);
                default -> b.putLong((long) d);
            }
        }
        return b.array();
    }

    Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void floatsInCAndFortranOrderAndEitherByteOrderGiveTheSameRowMajorX() throws Exception {
        // X = [[1, 2, 3], [4, 5, 6]]
        ByteBuffer c = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : new double[] {1, 2, 3, 4, 5, 6}) c.putDouble(v);
        ByteBuffer f = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) f.putFloat((float) v);
        MatContents a = NpyFiles.readNpy(write("c.npy", npy(dict("<f8", false, "(2, 3)"), c.array())), "X", true);
        MatContents b = NpyFiles.readNpy(write("f.npy", npy(2, dict(">f4", true, "(2, 3)"), f.array())), "X", true);
        float[] expected = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(expected, a.floats().get("X").rowMajor());
        assertArrayEquals(expected, b.floats().get("X").rowMajor());
        assertEquals("X (2x3 float64)", a.byName().get("X").describe());
        assertEquals("X (2x3 float32)", b.byName().get("X").describe());
    }

    @Test
    void integerAndBoolLabelsOfEverySizeAndOrder() throws Exception {
        for (String descr : new String[] {"|i1", "|u1", "<i2", ">i2", "<u2", "<i4", ">u4", "<i8", ">i8", "<u8"}) {
            ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            int size = descr.charAt(2) - '0';
            Path p = write("y" + descr.substring(1) + (descr.charAt(0) == '>' ? "b" : "l") + ".npy",
                    npy(dict(descr, false, "(4,)"), values(order, size, 0, 1, 2, 9)));
            MatVariable y = NpyFiles.readNpy(p, "y", false).byName().get("y");
            assertArrayEquals(new double[] {0, 1, 2, 9}, y.values(), descr);
            assertArrayEquals(new int[] {4}, y.dims(), descr);
        }
        MatVariable b = NpyFiles.readNpy(write("b.npy", npy(dict("|b1", false, "(3,)"), new byte[] {1, 0, 1})), "y", false)
                .byName().get("y");
        assertArrayEquals(new double[] {1, 0, 1}, b.values());
        assertEquals("bool", b.matlabClass());
        // uint64 above 2^63 stays positive
        MatVariable big = NpyFiles.readNpy(write("u8.npy", npy(dict("<u8", false, "(1,)"),
                values(ByteOrder.LITTLE_ENDIAN, 8, -1))), "y", false).byName().get("y");
        assertEquals(1.8446744073709552E19, big.values()[0]);
    }

    @Test
    void theWriterRoundTripsThroughTheReader() throws Exception {
        Path p = dir.resolve("m.npz");
        new NpzWriter().floats("W1", new int[] {2, 3}, new float[] {9, 1, 2, 3, 4, 5, 6}, 1)
                .floats("b1", new int[] {3}, new float[] {7, 8, 9}, 0).text("clnn_layers", "2,3").writeAtomically(p);
        Map<String, MatVariable> v = NpyFiles.readAll(p);
        assertEquals(2.0, v.get("W1").at(0, 1));
        assertEquals(4.0, v.get("W1").at(1, 0));
        assertArrayEquals(new double[] {7, 8, 9}, v.get("b1").values());
        assertEquals("2,3", v.get("clnn_layers").text());
        byte[] again = Files.readAllBytes(p);
        new NpzWriter().floats("W1", new int[] {2, 3}, new float[] {9, 1, 2, 3, 4, 5, 6}, 1)
                .floats("b1", new int[] {3}, new float[] {7, 8, 9}, 0).text("clnn_layers", "2,3").writeAtomically(p);
        assertArrayEquals(again, Files.readAllBytes(p), "the same arrays give the same bytes");
    }

    @Test
    void npzStoredAndDeflatedEntriesReadOnlyWhatIsAsked() throws Exception {
        byte[] x = npy(dict("<f8", false, "(1, 2)"), ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(0.5).putDouble(1.5).array());
        byte[] y = npy(dict("<i8", false, "(1,)"), values(ByteOrder.LITTLE_ENDIAN, 8, 3));
        Path p = zip("s.npz", true, Map.of("X.npy", x, "y.npy", y, "other.npy", y));
        MatContents c = NpyFiles.readNpz(p, Set.of("X", "y"), "X");
        assertArrayEquals(new float[] {0.5f, 1.5f}, c.floats().get("X").rowMajor());
        assertArrayEquals(new double[] {3}, c.byName().get("y").values());
        assertEquals(null, c.byName().get("other").values(), "not asked for: listed by its header only");
        Path d = zip("d.npz", false, Map.of("X.npy", x, "y.npy", y));
        assertArrayEquals(new float[] {0.5f, 1.5f}, NpyFiles.readNpz(d, Set.of("X", "y"), "X").floats().get("X").rowMajor());
    }

    Path zip(String name, boolean stored, Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                if (stored) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(e.getValue());
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(e.getValue().length);
                    ze.setCrc(crc.getValue());
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return write(name, bytes.toByteArray());
    }

    void refused(byte[] content, String... fragments) throws Exception {
        Path p = write("bad.npy", content);
        DataException e = assertThrows(DataException.class, () -> NpyFiles.readNpy(p, "X", true));
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains("bad.npy"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void refusals() throws Exception {
        byte[] six = new byte[48];
        refused(npy(dict("|O", false, "(2, 3)"), six), "Python objects", "never unpickles");
        refused(npy(dict("<c16", false, "(2, 3)"), six), "dtype '<c16'", "float32/64");
        refused(npy(dict("<f2", false, "(2, 3)"), six), "dtype '<f2'");
        refused(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", six), "structured");
        refused("not numpy at all".getBytes(StandardCharsets.US_ASCII), "\\x93NUMPY");
        refused(Arrays.copyOf(npy(dict("<f8", false, "(2, 3)"), six), 7), "ends inside its .npy header");
        byte[] v9 = npy(dict("<f8", false, "(2, 3)"), six);
        v9[6] = 9;
        refused(v9, "version 9.0");
        refused(npy("{'descr': '<f8', 'shape': (2, 3)}", six), "lacks descr, fortran_order or shape");
        refused(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)} junk", six), "not the dict np.save writes");
        refused(npy("__import__('os').system('x')", six), "not the dict np.save writes");
        refused(npy(dict("<f8", false, "(2, 3)"), new byte[40]), "truncated", "48 bytes", "holds 40");
        refused(npy(dict("<f8", false, "(2, 3)"), new byte[56]), "disagree");
        refused(npy(dict("<f8", false, "(-2, 3)"), six), "not a dimension");
        refused(npy(dict("<f8", false, "(100000000000, 3)"), six), "not a dimension");
        // An absurd shape within int range is refused on the file's size, before any allocation.
        refused(npy(dict("<f8", false, "(2000000000, 2000000000)"), six), "truncated");
        byte[] hugeHeader = npy(2, "{" + " ".repeat(70_000) + "}", six);
        refused(hugeHeader, "claims");
    }

    @Test
    void npzRefusals() throws Exception {
        Path notZip = write("bad.npz", "PK\u0003\u0004 not really a zip".getBytes(StandardCharsets.ISO_8859_1));
        DataException e = assertThrows(DataException.class, () -> NpyFiles.readNpz(notZip, Set.of("X"), "X"));
        assertTrue(e.getMessage().contains("not a readable .npz"), e.getMessage());
        Path cut = zip("cut.npz", true, Map.of("X.npy", Arrays.copyOf(npy(dict("<f8", false, "(2, 3)"), new byte[48]), 100)));
        e = assertThrows(DataException.class, () -> NpyFiles.readNpz(cut, Set.of("X"), "X"));
        assertTrue(e.getMessage().contains("array 'X'") && e.getMessage().contains("truncated"), e.getMessage());
    }
}
