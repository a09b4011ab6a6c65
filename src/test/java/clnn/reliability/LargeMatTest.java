package clnn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import clnn.data.mat.MatBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set the size of MNIST's training set, 60000 x 784 doubles (376 MB on disk, as scipy's
 * savemat writes it), loads in a child JVM with -Xmx512m: X goes straight into float32 (188 MB).
 * The reader before issue 11 held the doubles and the float copy at once (564 MB) and refused it.
 */
class LargeMatTest {
    static final int ROWS = 60_000;
    static final int COLS = 784;

    @TempDir
    Path dir;

    /** Streams the file to disk a column at a time, so that the test JVM never holds it. */
    static Path write(Path file, int rows, int cols) throws IOException {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        long dataBytes = 8L * rows * cols;
        int headerBytes = 16 + 16 + 8 + 8; // flags, dims, the name as a small element, the data tag
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(MatBytes.header()));
            ByteBuffer head = ByteBuffer.allocate(8 + headerBytes).order(le);
            head.putInt(14).putInt((int) (headerBytes + dataBytes));
            head.putInt(6).putInt(8).putInt(MatBytes.DOUBLE).putInt(0);
            head.putInt(5).putInt(8).putInt(rows).putInt(cols);
            head.putInt((1 << 16) | 1).put((byte) 'X').put(new byte[3]);
            head.putInt(9).putInt((int) dataBytes);
            ch.write(head.flip());
            ByteBuffer column = ByteBuffer.allocate(8 * rows).order(le);
            for (int c = 0; c < cols; c++) {
                column.clear();
                for (int r = 0; r < rows; r++) column.putDouble(((r * 31 + c * 7) % 256) / 255.0);
                ch.write(column.flip());
            }
            byte[] y = new byte[rows];
            for (int r = 0; r < rows; r++) y[r] = (byte) (r % 10);
            ch.write(ByteBuffer.wrap(MatBytes.numeric(MatBytes.UINT8, new int[] {rows, 1}, "y", 2, y)));
        }
        return file;
    }

    /** The child: loads the file as train does and says what it got and what the heap holds. */
    public static void main(String[] args) {
        Dataset d = DatasetLoader.defaults().load(Path.of(args[0])).data();
        Runtime rt = Runtime.getRuntime();
        float probe = d.x()[1 * d.features() + 2];
        System.out.println(d.rows() + "x" + d.features() + " " + probe + " " + (rt.totalMemory() - rt.freeMemory()) / (1 << 20));
    }

    @Test
    void anMnistSizedDoubleFileLoadsUnder512Mb() throws Exception {
        Path f = write(dir.resolve("mnist-sized.mat"), ROWS, COLS);
        try {
            Path out = dir.resolve("child.out");
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), LargeMatTest.class.getName(), f.toString()))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            if (!done) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String said = Files.readString(out);
            assertTrue(done, "the child answered within 120 s: " + said);
            assertEquals(0, p.exitValue(), said);
            String[] parts = said.strip().split(" ");
            assertEquals(ROWS + "x" + COLS, parts[0], said);
            // Row 1, column 2: ((1 * 31 + 2 * 7) % 256) / 255, transposed from column-major.
            assertEquals((float) (45 / 255.0), Float.parseFloat(parts[1]), said);
            assertTrue(Long.parseLong(parts[2]) < 300, "heap in use after the load, MiB: " + said);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
