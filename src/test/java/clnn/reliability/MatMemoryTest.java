package clnn.reliability;

import static clnn.data.mat.MatBytes.concat;
import static clnn.data.mat.MatBytes.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.data.mat.MatBytes;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MAT files that used to exhaust the heap, read by a child JVM with -Xmx512m: each must end in
 * seconds with one line (or succeed, when the data fit), never with an OutOfMemoryError.
 */
class MatMemoryTest {
    static final int HEAP_MB = 512;

    @TempDir
    Path dir;

    String[] train(Path data, String... more) {
        String[] base = {"train", "--data", data.toString(), "--device", "cpu", "--epochs", "1", "--verbose", "0",
            "--out", dir.resolve("run-" + data.getFileName()).toString()};
        return args(base, more);
    }

    static String[] args(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] labels(int rows) {
        byte[] y = new byte[rows];
        for (int r = 0; r < rows; r++) y[r] = (byte) (r % 10);
        return MatBytes.compressed(MatBytes.numeric(MatBytes.UINT8, new int[] {rows, 1}, "y", 2, y));
    }

    /** 60000 x 2500 zeros stored as uint8 and compressed: 146 KB on disk, 576 MiB once read as float32. */
    @Test
    void aCompressedVariableThatWouldNotFitIsRefusedBeforeItIsInflated() throws Exception {
        int rows = 60_000;
        byte[] x = MatBytes.compressed(MatBytes.numeric(MatBytes.DOUBLE, new int[] {rows, 2500}, "X", 2,
                new byte[rows * 2500]));
        Path f = Files.write(dir.resolve("bomb.mat"), concat(header(), x, labels(rows)));
        assertTrue(Files.size(f) < 1 << 20);
        Refusal.runChild(HEAP_MB, 30, train(f)).assertRefused("bomb.mat", "variable 'X' (60000x2500 double)",
                "576.1 MiB of memory to load", "needs at least -Xmx", "java -Xmx")
                .record("memory", "a 146 KB compressed file whose X needs 576 MiB as float32 (-Xmx512m)", dir);
    }

    /** 10000 x 784 bytes of varied values: 94 MB once read as doubles and floats, trains under -Xmx512m. */
    @Test
    void aLargeFileThatFitsLoadsAndTrainsUnderASmallHeap() throws Exception {
        int rows = 10_000;
        byte[] values = new byte[rows * 784];
        new Random(3).nextBytes(values);
        byte[] x = MatBytes.compressed(MatBytes.numeric(MatBytes.DOUBLE, new int[] {rows, 784}, "X", 2, values));
        Path f = Files.write(dir.resolve("wide.mat"), concat(header(), x, labels(rows)));
        Refusal r = Refusal.runChild(HEAP_MB, 60, train(f));
        assertEquals(0, r.exitCode(), r.toString());
    }

    /** Cells, structs and text that claim 2^31 elements, and 60000 nested cells, beside a valid X and y. */
    @Test
    void variablesTheCommandDoesNotNeedAreNotParsed() throws Exception {
        Path f = Files.write(dir.resolve("monsters.mat"), concat(header(), MatBytes.xy(30, 4), MatBytes.monsters()));
        Refusal t = Refusal.runChild(HEAP_MB, 30, train(f));
        assertEquals(0, t.exitCode(), t.toString());
        Refusal i = Refusal.runChild(HEAP_MB, 30, "inspect", f.toString());
        assertEquals(0, i.exitCode(), i.toString());
        assertTrue(i.out().contains("nested") && i.out().contains("1x2147483647"), i.out());
    }

    /** A 2.5 GB file (sparse on disk) whose first variable is a sparse X: its flags are read, its body never. */
    @Test
    void aHugeSparseVariableIsNamedWithoutReadingIt() throws Exception {
        Path f = dir.resolve("sparse2g.mat");
        ByteBuffer head = ByteBuffer.allocate(128 + 8 + 48).order(ByteOrder.LITTLE_ENDIAN);
        head.put(header());
        long bytes = 2_500_000_000L;
        head.putInt(14).putInt((int) bytes);
        head.putInt(6).putInt(8).putInt(MatBytes.SPARSE).putInt(1_000_000);
        head.putInt(5).putInt(8).putInt(200_000).putInt(200_000);
        head.putInt((1 << 16) | 1).put((byte) 'X').put(new byte[3]);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(head.array(), 0, head.position());
            raf.seek(128 + 8 + bytes);
            raf.write(MatBytes.doubles("y", 2, 0, 1));
        }
        try {
            Refusal.runChild(HEAP_MB, 30, train(f)).assertRefused("X (200000x200000 sparse) is sparse", "full(X)")
                    .record("memory", "a 2.5 GB file whose X is sparse 200000x200000 (-Xmx512m)", dir);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** 400000 variables of one value each (22 MB): their headers alone would not fit in 64 MB. */
    @Test
    void aFileOfHundredsOfThousandsOfVariablesIsListedWithinASmallHeap() throws Exception {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        all.writeBytes(header());
        for (int i = 0; i < 400_000; i++) all.writeBytes(MatBytes.doubles(String.format("v%06d", i), 1, i));
        Path f = Files.write(dir.resolve("many.mat"), all.toByteArray());
        Refusal.runChild(64, 60, train(f)).assertRefused("no variable 'X'", "and 399990 more")
                .record("memory", "400000 variables, none named X (-Xmx64m)", dir);
        Refusal i = Refusal.runChild(64, 60, "inspect", f.toString());
        assertEquals(0, i.exitCode(), i.toString());
        assertTrue(i.out().contains("400000 variables") && i.out().contains("and 390000 more variables"), i.out().lines()
                .limit(2).toList().toString());
    }
}
