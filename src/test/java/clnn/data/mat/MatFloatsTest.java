package clnn.data.mat;

import static clnn.data.mat.MatBytes.concat;
import static clnn.data.mat.MatBytes.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float32 path ({@link MatFile#read(Path, Set, String)}, {@link RowMajorFloats}) against the
 * reference: the double values the plain reader gives, converted and transposed one by one. Shapes
 * straddle the column block: several blocks and a narrower last one, no block (one column, or more
 * than 512K rows), one row; every storage type, both byte orders, stored and compressed.
 */
class MatFloatsTest {
    @TempDir
    Path dir;

    /** rows x cols values stored as {@code storage} (a MAT miXXX type) of class double, column-major. */
    static byte[] variable(ByteOrder order, int rows, int cols, int storage, long seed) {
        int per = switch (storage) {
            case MatReader.MI_INT8, MatReader.MI_UINT8 -> 1;
            case MatReader.MI_INT16, MatReader.MI_UINT16 -> 2;
            case MatReader.MI_INT32, MatReader.MI_UINT32, MatReader.MI_SINGLE -> 4;
            default -> 8;
        };
        ByteBuffer b = ByteBuffer.allocate(rows * cols * per).order(order);
        Random r = new Random(seed);
        for (int i = 0; i < rows * cols; i++) {
            switch (storage) {
                case MatReader.MI_SINGLE -> b.putFloat((float) r.nextGaussian());
                case MatReader.MI_DOUBLE -> b.putDouble(r.nextGaussian() * 1e3);
                case MatReader.MI_INT64, MatReader.MI_UINT64 -> b.putLong(r.nextLong());
                default -> {
                    for (int k = 0; k < per; k++) b.put((byte) r.nextInt());
                }
            }
        }
        byte[] name = "X".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return MatBytes.matrix(order, MatBytes.DOUBLE, new int[] {rows, cols}, name,
                MatBytes.element(order, storage, b.array()));
    }

    void assertSameAsReference(Path f, int rows, int cols) {
        MatVariable ref = MatFile.read(f).get("X");
        MatContents read = MatFile.read(f, Set.of("X"), "X");
        MatFloats m = read.floats().get("X");
        assertFalse(read.byName().get("X").loaded(), "X is listed as a header; its values are the floats");
        assertEquals(rows, m.rows());
        assertEquals(cols, m.cols());
        float[] x = m.rowMajor();
        assertEquals((long) rows * cols, x.length);
        long compared = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float want = (float) ref.at(r, c);
                if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(x[r * cols + c])) {
                    throw new AssertionError(f.getFileName() + " at (" + r + "," + c + ") expected=" + want + " found="
                            + x[r * cols + c]);
                }
                compared++;
            }
        }
        assertEquals((long) rows * cols, compared);
    }

    Path write(String name, byte[] variable, boolean compressed, ByteOrder order) throws Exception {
        return Files.write(dir.resolve(name), concat(header(order), compressed ? MatBytes.compressed(variable) : variable));
    }

    @Test
    void everyStorageTypeInBothByteOrdersMatchesTheDoubleReader() throws Exception {
        int[] storages = {MatReader.MI_INT8, MatReader.MI_UINT8, MatReader.MI_INT16, MatReader.MI_UINT16,
            MatReader.MI_INT32, MatReader.MI_UINT32, MatReader.MI_SINGLE, MatReader.MI_DOUBLE, MatReader.MI_INT64,
            MatReader.MI_UINT64};
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (int s : storages) {
                Path f = write("t" + s + order + ".mat", variable(order, 37, 5, s, s), false, order);
                assertSameAsReference(f, 37, 5);
            }
        }
    }

    @Test
    void shapesAroundTheColumnBlock() throws Exception {
        // 300000 rows: blocks of 3 columns, so 7 columns are 3 + 3 + 1.
        assertEquals(3, RowMajorFloats.blockColumns(300_000, 7));
        assertSameAsReference(write("blocks.mat", variable(ByteOrder.LITTLE_ENDIAN, 300_000, 7, MatReader.MI_UINT8, 1),
                true, ByteOrder.LITTLE_ENDIAN), 300_000, 7);
        // More than 512K rows: not even two columns fit a block; values go straight to their place.
        assertEquals(1, RowMajorFloats.blockColumns(600_000, 2));
        assertEquals(0, RowMajorFloats.blockBytes(600_000, 2));
        assertSameAsReference(write("tall.mat", variable(ByteOrder.LITTLE_ENDIAN, 600_000, 2, MatReader.MI_INT16, 2),
                true, ByteOrder.LITTLE_ENDIAN), 600_000, 2);
        assertSameAsReference(write("column.mat", variable(ByteOrder.BIG_ENDIAN, 1000, 1, MatReader.MI_DOUBLE, 3),
                false, ByteOrder.BIG_ENDIAN), 1000, 1);
        assertSameAsReference(write("row.mat", variable(ByteOrder.LITTLE_ENDIAN, 1, 999, MatReader.MI_DOUBLE, 4),
                true, ByteOrder.LITTLE_ENDIAN), 1, 999);
        // A small data element (4 bytes inline in the tag).
        assertSameAsReference(write("tiny.mat", variable(ByteOrder.LITTLE_ENDIAN, 2, 2, MatReader.MI_UINT8, 5),
                false, ByteOrder.LITTLE_ENDIAN), 2, 2);
    }

    @Test
    void theFirstValueNotFiniteAsFloat32IsKeptWithItsPosition() throws Exception {
        // Column-major: (row 2, col 1) comes before (row 1, col 2) in the file, as MATLAB's linear index says.
        double[] colMajor = {1, 2, Double.MAX_VALUE, 4, Double.NaN, 6};
        Path f = Files.write(dir.resolve("nan.mat"), concat(header(), MatBytes.doubles("X", 3, colMajor)));
        MatFloats m = MatFile.read(f, Set.of("X"), "X").floats().get("X");
        assertEquals(2, m.firstNonFinite());
        assertEquals(2, m.nonFiniteRow());
        assertEquals(0, m.nonFiniteCol());
        assertEquals(Double.MAX_VALUE, m.nonFiniteValue());
        Path ok = Files.write(dir.resolve("ok.mat"), concat(header(), MatBytes.doubles("X", 3, 1, 2, 3, 4, 5, 6)));
        assertEquals(-1, MatFile.read(ok, Set.of("X"), "X").floats().get("X").firstNonFinite());
    }

    @Test
    void onlyTheNamedMatrixIsReadAsFloats() throws Exception {
        Path f = Files.write(dir.resolve("xy.mat"), concat(header(), MatBytes.xy(4, 3)));
        MatContents c = MatFile.read(f, Set.of("X", "y"), "X");
        assertTrue(c.byName().get("y").isNumeric(), "y stays doubles");
        assertEquals(Set.of("X"), c.floats().keySet());
    }
}
