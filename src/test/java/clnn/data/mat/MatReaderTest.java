package clnn.data.mat;

import clnn.data.LoadedData;
import clnn.data.LabelMapping;
import clnn.data.DatasetLoader;
import static clnn.data.mat.MatBytes.concat;
import static clnn.data.mat.MatBytes.doubles;
import static clnn.data.mat.MatBytes.header;
import static clnn.data.mat.MatBytes.matrix;
import static clnn.data.mat.MatBytes.numeric;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.DataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the MAT reader reads, what it refuses, and what it never parses (files built byte by byte). */
class MatReaderTest {
    @TempDir
    Path dir;

    Path file(String name, byte[]... parts) throws IOException {
        return Files.write(dir.resolve(name), concat(header(), concat(parts)));
    }

    static DataException refused(Path file) {
        return assertThrows(DataException.class, () -> DatasetLoader.defaults().load(file));
    }

    @Test
    void aWantedNameThatOccursTwiceIsRefusedNamingIt() throws IOException {
        Path f = file("twoX.mat", MatBytes.xy(3, 2), doubles("X", 3, 9, 9, 9, 9, 9, 9));
        String m = refused(f).getMessage();
        assertTrue(m.contains("two variables are named 'X' (#1 and #3)"), m);
    }

    @Test
    void aRepeatedNameTheCommandDoesNotNeedIsIgnored() throws IOException {
        Path f = file("junk.mat", MatBytes.xy(3, 2), doubles("junk", 1, 1), doubles("junk", 1, 2));
        assertEquals(3, DatasetLoader.defaults().load(f).data().rows());
        assertEquals(4, MatFile.list(f).count(), "inspect lists both");
    }

    @Test
    void uint64LabelsAbove2To63AreReadUnsigned() throws IOException {
        ByteBuffer y = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(0x8000000000000800L);
        Path f = file("u64.mat", doubles("X", 2, 1, 2, 3, 4), numeric(MatBytes.UINT64, new int[] {2, 1}, "y", 13, y.array()));
        String m = refused(f).getMessage();
        assertTrue(m.contains("y(2) = 9223372036854777856 is beyond"), m);
        ByteBuffer small = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(0);
        Path ok = file("u64ok.mat", doubles("X", 2, 1, 2, 3, 4), numeric(MatBytes.UINT64, new int[] {2, 1}, "y", 13,
                small.array()));
        assertArrayEquals(new int[] {1, 0}, DatasetLoader.defaults().load(ok).data().y());
        ByteBuffer neg = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(-3);
        Path n = file("i64.mat", doubles("X", 2, 1, 2, 3, 4), numeric(MatBytes.INT64, new int[] {2, 1}, "y", 12, neg.array()));
        assertTrue(refused(n).getMessage().contains("y(2) = -3 is negative"));
    }

    @Test
    void namesAreUtf8AndSelectable() throws IOException {
        Path f = file("utf8.mat", doubles("Xé", 2, 1, 2, 3, 4), doubles("y", 2, 0, 1));
        LoadedData d = new DatasetLoader("Xé", "y", LabelMapping.NONE, 0).load(f);
        assertEquals(2, d.data().features());
        assertTrue(MatFile.list(f).variables().get(0).name().equals("Xé"));
    }

    @Test
    void controlCharactersInNamesNeverReachAMessageRaw() throws IOException {
        Path f = file("ansi.mat", doubles("\u001b]0;pwned\u0007A", 2, 1, 2, 3, 4), doubles("z\nerror: forged", 2, 0, 1));
        String m = refused(f).getMessage();
        assertTrue(m.contains("\\e]0;pwned\\u0007A") && m.contains("z\\nerror: forged"), m);
        assertTrue(m.codePoints().noneMatch(Character::isISOControl), m);
    }

    @Test
    void twoHundredThousandVariablesGiveAShortMessage() throws IOException {
        byte[] one = doubles("v", 1, 1);
        ByteBuffer all = ByteBuffer.allocate(one.length * 200_000);
        for (int i = 0; i < 200_000; i++) {
            byte[] v = doubles(String.format("v%06d", i), 1, 1);
            all.put(v);
        }
        Path f = file("many.mat", all.array());
        String m = refused(f).getMessage();
        assertTrue(m.length() < 1000 && m.contains("and 199990 more"), m.length() + ": " + m);
    }

    @Test
    void aHugeSparseXIsCalledSparseNotDamaged() throws IOException {
        Path f = file("sparse.mat", matrix(MatBytes.SPARSE, new int[] {100_000, 100_000}, "X", new byte[24]),
                doubles("y", 2, 0, 1));
        String m = refused(f).getMessage();
        assertTrue(m.contains("X (100000x100000 sparse) is sparse") && m.contains("full(X)"), m);
    }

    /** Cells, structs and text the command does not ask for are never parsed, whatever they claim. */
    @Test
    void monstersNextToXAndYAreNotParsed() throws IOException {
        Path f = file("monsters.mat", MatBytes.xy(6, 2), MatBytes.monsters());
        assertEquals(6, DatasetLoader.defaults().load(f).data().rows());
        List<MatVariable> listed = MatFile.list(f).variables();
        assertEquals(List.of("X", "y", "cells", "text", "fields", "nested"), listed.stream().map(MatVariable::name).toList());
        assertEquals("1x2147483647 cell", listed.get(2).shape() + " " + listed.get(2).kind());
        assertFalse(listed.get(3).loaded(), "a 2^31-character text is listed, not read");
    }

    @Test
    void smallElementsBigEndianAndNarrowStorageAreRead() throws IOException {
        // y as a 1x1... no: y is 2x1 uint8 stored in the small-element format (2 bytes in the tag).
        ByteBuffer small = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt((2 << 16) | 2).put((byte) 1)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        byte[] y = matrix(MatBytes.UINT8, new int[] {2, 1}, "y", small.array());
        // X is class double but stored as uint8, as MATLAB does for whole numbers.
        byte[] x = numeric(MatBytes.DOUBLE, new int[] {2, 2}, "X", 2, new byte[] {1, 2, (byte) 200, 4});
        LoadedData d = new DatasetLoader("X", "y", LabelMapping.NONE, 0).load(file("small.mat", x, y));
        assertArrayEquals(new float[] {1, 200, 2, 4}, d.data().x());
        assertArrayEquals(new int[] {1, 0}, d.data().y());

        ByteOrder be = ByteOrder.BIG_ENDIAN;
        ByteBuffer xv = ByteBuffer.allocate(32).order(be).putDouble(1).putDouble(2).putDouble(3).putDouble(4);
        byte[] bx = MatBytes.matrix(be, MatBytes.DOUBLE, new int[] {2, 2}, "X".getBytes(),
                MatBytes.element(be, 9, xv.array()));
        byte[] by = MatBytes.matrix(be, MatBytes.DOUBLE, new int[] {2, 1}, "y".getBytes(),
                MatBytes.element(be, 9, ByteBuffer.allocate(16).order(be).putDouble(0).putDouble(1).array()));
        Path f = Files.write(dir.resolve("be.mat"), concat(header(be), bx, by));
        assertArrayEquals(new float[] {1, 3, 2, 4}, DatasetLoader.defaults().load(f).data().x());
    }

    @Test
    void compressedVariablesAreReadAndTheirChecksumHolds() throws IOException {
        Path f = file("z.mat", MatBytes.compressed(doubles("X", 2, 1, 2, 3, 4)), MatBytes.compressed(doubles("y", 2, 0, 1)));
        assertArrayEquals(new float[] {1, 3, 2, 4}, DatasetLoader.defaults().load(f).data().x());
        byte[] bytes = Files.readAllBytes(f);
        bytes[128 + 8 + 2 + 40] ^= 0x10; // inside X's deflate stream
        Files.write(f, bytes);
        String m = refused(f).getMessage();
        assertTrue(m.contains("corrupt") || m.contains("damaged"), m);
    }

    @Test
    void aClaimBeyondTheElementIsRefusedBeforeAllocating() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(9).putInt(20_000 * 2_500 * 8);
        byte[] x = matrix(MatBytes.DOUBLE, new int[] {20_000, 20_000 / 8}, "X", java.util.Arrays.copyOf(data.array(), 8));
        String m = refused(file("claim.mat", x, doubles("y", 1, 0))).getMessage();
        assertTrue(m.contains("variable #1 ('X')") && m.contains("holds only"), m);
    }
}
