package clnn.reliability;

import static clnn.data.mat.MatBytes.concat;
import static clnn.data.mat.MatBytes.doubles;
import static clnn.data.mat.MatBytes.element;
import static clnn.data.mat.MatBytes.header;
import static clnn.data.mat.MatBytes.matrix;
import static clnn.data.mat.MatBytes.numeric;
import static org.junit.jupiter.api.Assertions.assertEquals;

import clnn.data.mat.MatBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MAT reader's hostile files, through every command that reads data (train, show, inspect,
 * evaluate, predict): each ends with one line, exit 2, naming the file and the problem. Files are
 * built byte by byte ({@link MatBytes}) next to a valid X (30 x 4) and y.
 */
class MatHostileTest {
    static Path dir;
    static Path model;

    record Case(String name, String[] args, String... expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void model() throws IOException {
        dir = Files.createTempDirectory("clnn-mat-hostile");
        Path valid = write("valid.mat", MatBytes.xy(30, 4));
        model = dir.resolve("run/model.mat");
        Refusal r = Refusal.run("train", "--data", valid.toString(), "--device", "cpu", "--epochs", "1", "--verbose", "0",
                "--out", dir.resolve("run").toString());
        assertEquals(0, r.exitCode(), r.toString());
    }

    static Path write(String name, byte[]... variables) throws IOException {
        return Files.write(dir.resolve(name), concat(header(), concat(variables)));
    }

    /** The same file through each command that reads data. */
    static void everyCommand(List<Case> out, String name, Path f, String... expect) {
        out.add(new Case(name + " (train)", new String[] {"train", "--data", f.toString(), "--device", "cpu", "--epochs",
            "1", "--verbose", "0", "--out", dir.resolve("out-" + f.getFileName()).toString()}, expect));
        out.add(new Case(name + " (show)", new String[] {"show", "--data", f.toString(), "--out",
            dir.resolve("show.png").toString()}, expect));
        out.add(new Case(name + " (evaluate)", new String[] {"evaluate", "--model", model.toString(), "--data",
            f.toString()}, expect));
        out.add(new Case(name + " (predict --index)", new String[] {"predict", "--model", model.toString(), "--data",
            f.toString(), "--index", "0"}, expect));
    }

    static Case inspect(String name, Path f, String... expect) {
        return new Case(name + " (inspect)", new String[] {"inspect", f.toString()}, expect);
    }

    static byte[] y30() {
        byte[] y = new byte[30];
        for (int i = 0; i < 30; i++) y[i] = (byte) (1 + i % 3);
        return numeric(MatBytes.UINT8, new int[] {30, 1}, "y", 2, y);
    }

    static byte[] x30() {
        double[] x = new double[120];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37);
        return doubles("X", 30, x);
    }

    static Stream<Case> cases() throws IOException {
        List<Case> c = new ArrayList<>();
        everyCommand(c, "two variables named X", write("twoX.mat", x30(), y30(), x30()), "twoX.mat",
                "two variables are named 'X' (#1 and #3)");
        ByteBuffer big = ByteBuffer.allocate(240).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 30; i++) big.putLong(i == 4 ? 0x8000000000000800L : 1 + i % 3);
        everyCommand(c, "a uint64 label above 2^63", write("u64.mat", x30(),
                numeric(MatBytes.UINT64, new int[] {30, 1}, "y", 13, big.array())), "u64.mat", "9223372036854777856",
                "beyond");
        everyCommand(c, "a variable name with ANSI escapes and no X", write("ansi.mat",
                doubles("\u001b]0;owned\u0007\u001b[31mX", 30, new double[120]), y30()), "no variable 'X'", "\\e]0;owned");
        everyCommand(c, "a variable name with a newline forging a second error line", write("forge.mat",
                doubles("A\nerror: all is well", 30, new double[120]), y30()), "A\\nerror: all is well");
        everyCommand(c, "a sparse 100000x100000 X", write("sparse.mat",
                matrix(MatBytes.SPARSE, new int[] {100_000, 100_000}, "X", new byte[24]), y30()),
                "X (100000x100000 sparse) is sparse", "full(X)");
        everyCommand(c, "a small data element claiming 9 bytes", write("small9.mat",
                matrix(MatBytes.DOUBLE, new int[] {30, 4}, "X", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt((9 << 16) | 9).putInt(0).array()), y30()), "small data element claims 9 bytes");
        everyCommand(c, "a name tag claiming 5000 bytes", write("name5000.mat", MatBytes.matrix(ByteOrder.LITTLE_ENDIAN,
                MatBytes.DOUBLE, new int[] {30, 4}, new byte[5000], new byte[0]), y30()), "name is damaged");
        everyCommand(c, "33 dimensions", write("dims33.mat", matrix(MatBytes.DOUBLE, ones(33), "X", new byte[0]), y30()),
                "dimensions are damaged");
        everyCommand(c, "a negative dimension", write("negdim.mat", matrix(MatBytes.DOUBLE, new int[] {30, -4}, "X",
                new byte[0]), y30()), "negative dimension (-4)");
        everyCommand(c, "an unknown storage type", write("type8.mat", numeric(MatBytes.DOUBLE, new int[] {30, 4}, "X", 8,
                new byte[960]), y30()), "unknown type 8");
        everyCommand(c, "a compressed element holding an integer, not a variable", write("znotvar.mat",
                MatBytes.compressed(element(ByteOrder.LITTLE_ENDIAN, 5, new byte[8])), x30(), y30()),
                "holds type 5, not a variable");
        byte[] z = MatBytes.compressed(x30());
        everyCommand(c, "a compressed X cut short inside its zlib stream", write("zcut.mat",
                fixLength(Arrays.copyOf(z, z.length / 2)), y30()), "end early");
        everyCommand(c, "a compressed X with bytes after its end", write("zextra.mat",
                MatBytes.compressed(concat(x30(), new byte[64])), y30()), "more bytes than its tag says");
        byte[] claim = numeric(MatBytes.DOUBLE, new int[] {30_000, 10_000}, "X", 2, new byte[0]);
        ByteBuffer.wrap(claim).order(ByteOrder.LITTLE_ENDIAN).putInt(claim.length - 4, 300_000_000);
        everyCommand(c, "a compressed X claiming 300 MB of data in a few bytes", write("zclaim.mat",
                MatBytes.compressed(claim), y30()), "claims 300000000 bytes of data but holds only");
        everyCommand(c, "X an object", write("xobject.mat", matrix(3, new int[] {1, 1}, "X", new byte[0]), y30()),
                "X (1x1 object)", "not a numeric array");
        everyCommand(c, "X a function handle", write("xfun.mat", matrix(16, new int[] {1, 1}, "X", new byte[0]), y30()),
                "X (1x1 function_handle)", "not a numeric array");
        everyCommand(c, "complex y", write("ycomplex.mat", x30(), matrix(MatBytes.DOUBLE | 0x800, new int[] {30, 1}, "y",
                new byte[0])), "y (30x1 double complex)", "complex");
        everyCommand(c, "damaged array flags", write("flags.mat", MatBytes.concat(element(ByteOrder.LITTLE_ENDIAN, 14,
                element(ByteOrder.LITTLE_ENDIAN, 5, new byte[8]))), y30()), "array flags are damaged");
        c.add(new Case("a UTF-8 name asked for without its accent (train)", new String[] {"train", "--data",
            write("accent.mat", doubles("Xé", 30, new double[120]), y30()).toString(), "--x-var", "Xe", "--device", "cpu",
            "--out", dir.resolve("out-accent").toString()}, "no variable 'Xe' (present: Xé (30x4 double)"));
        c.add(inspect("a MATLAB v7.3 file", write("v73.mat", new byte[0]).resolveSibling("v73.mat"), "v73.mat"));
        Files.write(dir.resolve("v73.mat"), v73());
        c.add(inspect("damaged array flags", dir.resolve("flags.mat"), "array flags are damaged"));
        byte[] zy = MatBytes.compressed(y30());
        c.add(inspect("a compressed label vector cut short inside its zlib stream", write("ycut.mat", x30(),
                fixLength(Arrays.copyOf(zy, zy.length - 6))), "end early"));
        c.add(inspect("a negative dimension", dir.resolve("negdim.mat"), "negative dimension"));
        c.add(inspect("a name tag claiming 5000 bytes", dir.resolve("name5000.mat"), "name is damaged"));
        return c.stream();
    }

    static int[] ones(int n) {
        int[] d = new int[n];
        Arrays.fill(d, 1);
        return d;
    }

    /** After cutting a compressed element's zlib bytes, make its tag match, so only zlib sees the cut. */
    static byte[] fixLength(byte[] element) {
        ByteBuffer.wrap(element).order(ByteOrder.LITTLE_ENDIAN).putInt(4, element.length - 8);
        return element;
    }

    static byte[] v73() {
        byte[] f = new byte[1024];
        byte[] h = "MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00 .".getBytes();
        System.arraycopy(h, 0, f, 0, h.length);
        byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(sig, 0, f, 512, 8);
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneLineExitTwo(Case c) {
        Refusal.run(c.args()).assertRefused(c.expect()).record("mat", c.name(), dir);
    }
}
