package clnn.data.mat;

import clnn.data.DatasetLoader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import clnn.DataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation test of the MAT reader: valid files (written by JMatIO, built by hand in both byte
 * orders, and the bundled digits) are damaged by a seeded generator — bits flipped, bytes
 * overwritten, files cut, and structural fields (tag types and sizes, array flags, dimensions,
 * name lengths, data types and sizes) rewritten with extreme values, also inside compressed
 * variables (inflated, changed, deflated again so the parser and not zlib meets the damage).
 * Every outcome must be a loaded data set or a one-line DataException, never another throwable,
 * and no case may allocate more than a set number of bytes.
 */
class MatMutationTest {
    static final long SEED = Long.getLong("clnn.mutation.seed", 20261128);
    static final int[] EXTREMES = {0, 1, -1, 2, 7, 8, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFF, 0x10001};

    @TempDir
    Path dir;

    int loaded;
    int refused;

    @Test
    void damagedFilesLoadOrAreRefusedInOneLine() throws Exception {
        List<byte[]> small = List.of(jmatioFile(), MatBytes.concat(MatBytes.header(), MatBytes.xy(20, 5)),
                bigEndianFile(), MatBytes.concat(MatBytes.header(), MatBytes.compressed(MatBytes.doubles("X", 4, new double[12])),
                        MatBytes.compressed(MatBytes.doubles("y", 4, 0, 1, 2, 1))));
        Path f = dir.resolve("mutant.mat");
        int cases = 0;
        for (int b = 0; b < small.size(); b++) {
            for (int i = 0; i < 1000; i++) {
                Random r = new Random(SEED * 31 + b * 100_000L + i);
                check(f, mutate(small.get(b), r), 64L << 20, "base " + b + " case " + i);
                cases++;
            }
        }
        byte[] digits = Files.readAllBytes(Path.of("data/digits-train.mat"));
        for (int i = 0; i < 40; i++) {
            check(f, mutate(digits, new Random(SEED + i)), 160L << 20, "digits case " + i);
            cases++;
        }
        System.out.println("MatMutationTest: " + cases + " mutants, " + loaded + " loaded, " + refused + " refused");
        assertEquals(cases, loaded + refused);
        assertTrue(loaded > 50 && refused > cases / 2, "both outcomes occur: " + loaded + " loaded, " + refused + " refused");
    }

    void check(Path f, byte[] bytes, long maxAllocated, String name) throws IOException {
        Files.write(f, bytes);
        long before = allocated();
        try {
            DatasetLoader.defaults().load(f);
            loaded++;
        } catch (DataException e) {
            refused++;
            String m = e.getMessage();
            assertTrue(m.lines().count() == 1 && m.codePoints().noneMatch(Character::isISOControl), name + ": " + m);
        } catch (Throwable t) {
            fail(name + " threw " + t + " (seed " + SEED + "); the file is left at " + keep(f, name), t);
        }
        try {
            MatFile.list(f);
        } catch (DataException e) {
            // a refusal is a fine answer for inspect too
        } catch (Throwable t) {
            fail(name + ": inspect threw " + t + "; the file is left at " + keep(f, name), t);
        }
        long grew = allocated() - before;
        assertTrue(grew < maxAllocated, name + " allocated " + (grew >> 20) + " MB; file at " + keep(f, name));
    }

    static String keep(Path f, String name) throws IOException {
        Path out = Path.of("target", "mutants", name.replace(' ', '-') + ".mat");
        Files.createDirectories(out.getParent());
        Files.copy(f, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out.toString();
    }

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    byte[] jmatioFile() throws IOException {
        double[] x = new double[20 * 5];
        for (int i = 0; i < x.length; i++) x[i] = i * 0.5;
        byte[] y = new byte[20];
        for (int i = 0; i < 20; i++) y[i] = (byte) (1 + i % 3);
        Path p = dir.resolve("base.mat");
        new MatFile.Writer().doubles("X", 20, 5, x).uint8Column("y", y).text("note", "hello").writeAtomically(p);
        return Files.readAllBytes(p);
    }

    static byte[] bigEndianFile() {
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        ByteBuffer xv = ByteBuffer.allocate(6 * 8).order(be);
        for (int i = 0; i < 6; i++) xv.putDouble(i);
        return MatBytes.concat(MatBytes.header(be),
                MatBytes.matrix(be, MatBytes.DOUBLE, new int[] {3, 2}, "X".getBytes(), MatBytes.element(be, 9, xv.array())),
                MatBytes.matrix(be, MatBytes.UINT8, new int[] {3, 1}, "y".getBytes(), MatBytes.element(be, 2,
                        new byte[] {0, 1, 2})));
    }

    /** One seeded mutation of {@code base}. */
    static byte[] mutate(byte[] base, Random r) {
        byte[] b = base.clone();
        ByteOrder order = b[126] == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int k = 1 + r.nextInt(3); k > 0; k--) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                return b;
            }
            case 1 -> {
                return Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 2 -> {
                int at = 128 + r.nextInt(b.length - 128);
                for (int k = 0; k < 1 + r.nextInt(16) && at + k < b.length; k++) b[at + k] = (byte) r.nextInt(256);
                return b;
            }
            case 3 -> {
                List<Integer> fields = fields(b, 128, b.length, order);
                rewrite(b, fields.get(r.nextInt(fields.size())), order, r);
                return b;
            }
            default -> {
                return mutateInsideCompressed(b, order, r);
            }
        }
    }

    /** Rewrites the 32-bit word at {@code at} with an extreme or nearby value. */
    static void rewrite(byte[] b, int at, ByteOrder order, Random r) {
        ByteBuffer w = ByteBuffer.wrap(b).order(order);
        int old = w.getInt(at);
        int[] choices = {EXTREMES[r.nextInt(EXTREMES.length)], old + 1, old - 1, old * 2, old * 1000, r.nextInt(),
            r.nextInt(20)};
        w.putInt(at, choices[r.nextInt(choices.length)]);
    }

    /**
     * Offsets of the structural words of the elements in b[start, end): each tag's type and size,
     * and inside an miMATRIX its sub-elements' tags and first data words (flags, dimensions).
     */
    static List<Integer> fields(byte[] b, int start, int end, ByteOrder order) {
        List<Integer> out = new ArrayList<>();
        ByteBuffer w = ByteBuffer.wrap(b).order(order);
        int pos = start;
        while (pos + 8 <= end) {
            out.add(pos);
            int type = w.getInt(pos);
            if ((type >>> 16) != 0) {
                pos += 8;
                continue;
            }
            out.add(pos + 4);
            long size = w.getInt(pos + 4) & 0xFFFFFFFFL;
            if (type == 14) {
                out.addAll(fields(b, pos + 8, (int) Math.min(end, pos + 8 + size), order));
            } else {
                for (int k = 8; k < Math.min(size + 8, 24) && pos + k + 4 <= end; k += 4) out.add(pos + k);
            }
            pos += 8 + (int) Math.min(Integer.MAX_VALUE / 2, (size + 7) / 8 * 8);
        }
        return out.isEmpty() ? List.of(Math.min(128, b.length - 4)) : out;
    }

    /** Inflates one compressed variable, rewrites one of its fields, deflates it again and fixes its tag. */
    static byte[] mutateInsideCompressed(byte[] b, ByteOrder order, Random r) {
        ByteBuffer w = ByteBuffer.wrap(b).order(order);
        List<Integer> starts = new ArrayList<>();
        for (int pos = 128; pos + 8 <= b.length; ) {
            int type = w.getInt(pos);
            long size = w.getInt(pos + 4) & 0xFFFFFFFFL;
            if (type == 15 && pos + 8 + size <= b.length) starts.add(pos);
            if (size > b.length) break;
            pos += 8 + (int) (type == 15 ? size : (size + 7) / 8 * 8);
        }
        if (starts.isEmpty()) {
            List<Integer> fields = fields(b, 128, b.length, order);
            rewrite(b, fields.get(r.nextInt(fields.size())), order, r);
            return b;
        }
        int pos = starts.get(r.nextInt(starts.size()));
        int size = w.getInt(pos + 4);
        byte[] inner = inflate(Arrays.copyOfRange(b, pos + 8, pos + 8 + size));
        List<Integer> fields = fields(inner, 0, inner.length, order);
        rewrite(inner, fields.get(r.nextInt(fields.size())), order, r);
        byte[] z = deflate(inner);
        ByteBuffer out = ByteBuffer.allocate(b.length - size + z.length).order(order);
        out.put(b, 0, pos).putInt(15).putInt(z.length).put(z).put(b, pos + 8 + size, b.length - pos - 8 - size);
        return out.array();
    }

    static byte[] inflate(byte[] z) {
        Inflater inf = new Inflater();
        inf.setInput(z);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        try {
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException(e);
        } finally {
            inf.end();
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater();
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) z.write(buf, 0, d.deflate(buf));
        d.end();
        return z.toByteArray();
    }
}
