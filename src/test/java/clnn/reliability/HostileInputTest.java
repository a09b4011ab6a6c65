package clnn.reliability;

import static clnn.data.MatFixtures.doubles;
import static clnn.data.MatFixtures.matrix;
import static clnn.data.MatFixtures.uint8;
import static clnn.data.MatFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.cli.Main;
import com.jmatio.types.MLCell;
import com.jmatio.types.MLChar;
import com.jmatio.types.MLDouble;
import com.jmatio.types.MLSparse;
import com.jmatio.types.MLStructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus, run through the command line's entry point: every case must end with
 * exactly one line on stderr that names the file (or option) and the problem, exit code 2, no stack
 * trace, and no large allocation. The observed messages are collected into
 * target/hostile-inputs.md, the table in docs/RELIABILITY.md.
 */
class HostileInputTest {
    static Path dir;
    static Path valid;
    static Path model;
    static final List<String> table = new ArrayList<>();

    /** One case: what it is, the command line, and fragments the error line must contain. */
    record Case(String name, String[] args, String... expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void corpus() throws Exception {
        dir = Files.createTempDirectory("clnn-hostile");
        // The valid base: 30 rows of 4 features, labels 1..3 as uint8 (no ex3 mapping).
        double[] x = new double[30 * 4];
        int[] y = new int[30];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble();
        for (int i = 0; i < 30; i++) y[i] = 1 + i % 3;
        valid = dir.resolve("valid.mat");
        new clnn.data.mat.MatFile.Writer().doubles("X", 30, 4, x).uint8Column("y", bytes(y)).writeAtomically(valid);
        model = dir.resolve("run/model.mat");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train", "--data", valid.toString(), "--device", "cpu", "--epochs", "2",
            "--verbose", "0", "--out", dir.resolve("run").toString()}, new PrintStream(sink), new PrintStream(sink));
        assertEquals(0, code, sink.toString());
    }

    static String[] predictImage(Path image) {
        return new String[] {"predict", "--model", model.toString(), "--image", image.toString()};
    }

    static byte[] bytes(int[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @AfterAll
    static void writeTable() throws IOException {
        Path out = Path.of("target/hostile-inputs.md");
        Files.createDirectories(out.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("| # | case | exit | message |");
        lines.add("|---|------|------|---------|");
        for (int i = 0; i < table.size(); i++) lines.add("| " + (i + 1) + " | " + table.get(i) + " |");
        Files.write(out, lines);
    }

    static Path file(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String[] train(Path data, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--device", "cpu", "--epochs", "1",
                "--verbose", "0", "--out", dir.resolve("out").toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    static byte[] validBytes() {
        try {
            return Files.readAllBytes(valid);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] flipped(int offset, int bit) {
        byte[] b = validBytes();
        b[offset] ^= (byte) (1 << bit);
        return b;
    }

    static Stream<Case> cases() throws Exception {
        List<Case> c = new ArrayList<>();
        Path missing = dir.resolve("missing.mat");
        c.add(new Case("missing path", train(missing), missing.toString(), "no such file"));
        c.add(new Case("a directory", train(dir), "is a directory"));
        c.add(new Case("empty file", train(file("empty.mat", new byte[0])), "empty.mat", "the file is empty"));
        c.add(new Case("text file", train(file("text.mat", "X = [1 2 3]; y = [1 2 3];\n".repeat(10)
                .getBytes(StandardCharsets.US_ASCII))), "text.mat", "not a MATLAB v5/v7 MAT file"));
        byte[] noise = new byte[5000];
        new Random(7).nextBytes(noise);
        c.add(new Case("random bytes", train(file("noise.mat", noise)), "noise.mat", "not a MATLAB v5/v7 MAT file"));
        byte[] ok = validBytes();
        for (int cut : new int[] {10, 64, 127, 128, 131, 136, 200, ok.length / 2, ok.length - 20, ok.length - 1}) {
            // Cut right after the header, what is left is a valid MAT file with no variables.
            c.add(new Case("valid file truncated at byte " + cut + " of " + ok.length,
                    train(file("cut" + cut + ".mat", Arrays.copyOf(ok, cut))), "cut" + cut + ".mat",
                    cut == 128 ? "present: none" : "truncated"));
        }
        c.add(new Case("bit flip in the header's version", train(file("flip124.mat", flipped(124, 3))), "version"));
        c.add(new Case("bit flip in the header's endian indicator", train(file("flip126.mat", flipped(126, 1))), "endian"));
        c.add(new Case("bit flip in the first element's type", train(file("flip128.mat", flipped(128, 2))),
                "unexpected element type"));
        c.add(new Case("bit flip in the first element's size", train(file("flip134.mat", flipped(134, 6))), "truncated"));
        for (int at : new int[] {150, ok.length / 2, ok.length - 40}) {
            c.add(new Case("bit flip in compressed data at byte " + at, train(file("zflip" + at + ".mat", flipped(at, 4))),
                    "zflip" + at + ".mat", "corrupt"));
        }
        c.add(new Case("MATLAB 7.3 (HDF5) file", train(file("v73.mat", RawMat.v73())), "v7.3", "-v7"));
        c.add(new Case("MATLAB v4 file", train(file("v4.mat", RawMat.v4("X", 3, 2))), "v4", "-v7"));
        c.add(new Case("X missing", train(write(dir.resolve("noX.mat"), matrix("A", 3, 2), doubles("y", 3, 1, 2, 3))),
                "no variable 'X'", "A (3x2 double)"));
        c.add(new Case("y missing", train(write(dir.resolve("noY.mat"), matrix("X", 3, 2), doubles("b", 3, 1, 2, 3))),
                "no variable 'y'", "b (3x1 double)"));
        c.add(new Case("X 3-D", train(write(dir.resolve("x3d.mat"), new MLDouble("X", new int[] {3, 2, 2}),
                doubles("y", 3, 1, 2, 3))), "X (3x2x2 double)", "2-D"));
        c.add(new Case("X 1-D (a row vector as long as y)", train(write(dir.resolve("x1d.mat"), doubles("X", 1, 1, 2, 3),
                doubles("y", 3, 1, 2, 3))), "X (1x3 double)", "1 rows but", "3 labels"));
        c.add(new Case("X of strings", train(write(dir.resolve("xchar.mat"), new MLChar("X", new String[] {"ab", "cd"}),
                doubles("y", 2, 1, 2))), "X (2x2 char)", "not a numeric array"));
        MLCell cell = new MLCell("X", new int[] {2, 1});
        cell.set(doubles("", 1, 1.0), 0);
        cell.set(doubles("", 1, 2.0), 1);
        c.add(new Case("X a cell array", train(write(dir.resolve("xcell.mat"), cell, doubles("y", 2, 1, 2))),
                "X (2x1 cell)", "not a numeric array"));
        MLStructure st = new MLStructure("X", new int[] {1, 1});
        st.setField("a", doubles("a", 1, 1.0), 0);
        c.add(new Case("X a struct", train(write(dir.resolve("xstruct.mat"), st, doubles("y", 1, 1))), "struct",
                "not a numeric array"));
        MLDouble complex = new MLDouble("X", new int[] {2, 2}, MLDouble.mxDOUBLE_CLASS, MLDouble.mtFLAG_COMPLEX);
        c.add(new Case("complex X", train(write(dir.resolve("xcomplex.mat"), complex, doubles("y", 2, 1, 2))),
                "X (2x2 double complex)", "complex"));
        MLSparse sparse = new MLSparse("X", new int[] {2, 2}, 0, 1);
        sparse.setReal(1.0, 0, 0);
        c.add(new Case("sparse X", train(write(dir.resolve("xsparse.mat"), sparse, doubles("y", 2, 1, 2))), "sparse",
                "full("));
        c.add(new Case("fractional label", train(write(dir.resolve("yfrac.mat"), matrix("X", 3, 2),
                doubles("y", 3, 1, 2.5, 3))), "y(2) = 2.5", "whole number"));
        c.add(new Case("negative label", train(write(dir.resolve("yneg.mat"), matrix("X", 3, 2),
                doubles("y", 3, 1, -2, 3))), "y(2) = -2", "negative"));
        c.add(new Case("labels beyond the class count", train(valid, "--classes", "2"), "label 3", "class count is 2"));
        c.add(new Case("NaN in X", train(write(dir.resolve("nan.mat"), doubles("X", 2, 0, Double.NaN, 1, 2),
                doubles("y", 2, 1, 2))), "X(2,1) is NaN"));
        c.add(new Case("Inf in X", train(write(dir.resolve("inf.mat"), doubles("X", 2, 0, 1, Double.NEGATIVE_INFINITY, 2),
                doubles("y", 2, 1, 2))), "X(1,2) is -Infinity"));
        c.add(new Case("X rows differ from y's length", train(write(dir.resolve("rows.mat"), matrix("X", 4, 2),
                doubles("y", 3, 1, 2, 3))), "4 rows but", "3 labels"));
        c.add(new Case("zero rows", train(write(dir.resolve("zero.mat"), new MLDouble("X", new int[] {0, 4}),
                new MLDouble("y", new int[] {0, 1}))), "0 rows"));
        c.add(new Case("y a 2-D matrix", train(write(dir.resolve("y2d.mat"), matrix("X", 2, 2), matrix("y", 2, 2))),
                "y (2x2 double)", "(n,1) or (1,n)"));
        c.add(new Case("y of strings", train(write(dir.resolve("ychar.mat"), matrix("X", 2, 2), new MLChar("y", "ab"))),
                "y (1x2 char)", "not a numeric array"));
        byte[] huge = RawMat.concat(RawMat.header("MATLAB 5.0 MAT-file, hostile"),
                RawMat.doubleMatrix("X", new int[] {100_000, 100_000}, new double[] {1, 2}));
        c.add(new Case("header claiming a 100000x100000 X in a small file", train(file("huge.mat", huge)), "huge.mat",
                "variable 'X'", "100000x100000"));
        byte[] hugeZ = RawMat.concat(RawMat.header("MATLAB 5.0 MAT-file, hostile"),
                RawMat.compressed(RawMat.doubleMatrix("X", new int[] {100_000, 100_000}, new double[] {1, 2})));
        c.add(new Case("the same, compressed", train(file("hugez.mat", hugeZ)), "hugez.mat", "100000x100000"));
        byte[] liar = RawMat.concat(RawMat.header("MATLAB 5.0 MAT-file, hostile"),
                RawMat.doubleMatrix("X", new int[] {3, 2}, new double[] {1, 2, 3}));
        c.add(new Case("dimensions and data disagree (3x2 with 3 values)", train(file("liar.mat", liar)), "liar.mat",
                "variable 'X' is 3x2", "disagree"));
        c.add(new Case("a PNG named .mat", train(file("picture.mat", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26,
            10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'})), "picture.mat", "not a MATLAB v5/v7 MAT file"));
        c.add(new Case("a character device", train(Path.of("/dev/null")), "/dev/null", "not a regular file"));
        c.add(new Case("model and data widths differ at predict time", new String[] {"predict", "--model", model.toString(),
            "--data", write(dir.resolve("wide.mat"), matrix("X", 3, 5), doubles("y", 3, 1, 2, 3)).toString(), "--index",
            "0"}, "wide.mat", "5 features", "takes 4"));
        c.add(new Case("a data file given as the model", new String[] {"evaluate", "--model", valid.toString(),
            "--data", valid.toString()}, "valid.mat", "not a model written by clnn"));
        c.add(new Case("a model without W2", new String[] {"evaluate", "--model", write(dir.resolve("noW2.mat"),
            matrix("W1", 4, 25), matrix("b1", 1, 25), new MLChar("clnn_layers", "4,25,15,3"),
            new MLChar("clnn_activations", "relu,relu,linear"), new MLChar("clnn_names", "a,b,c")).toString(),
            "--data", valid.toString()}, "noW2.mat", "no variable W2"));
        c.add(new Case("a model with a wrong kernel shape", new String[] {"evaluate", "--model", write(
            dir.resolve("badW1.mat"), matrix("W1", 5, 25), matrix("b1", 1, 25), new MLChar("clnn_layers", "4,25"),
            new MLChar("clnn_activations", "linear"), new MLChar("clnn_names", "a")).toString(), "--data",
            valid.toString()}, "badW1.mat", "W1 (5x25 double) should be 4x25"));
        c.add(new Case("--init-weights of the wrong shapes", train(valid, "--init-weights", model.toString(), "--layers",
                "7"), "model.mat", "should be 4x7"));
        c.add(new Case("--image that is not an image", new String[] {"predict", "--model", model.toString(), "--image",
            valid.toString()}, "valid.mat", "not an image"));
        java.awt.image.BufferedImage white = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64 * 64; i++) white.setRGB(i % 64, i / 64, 0xFFFFFF);
        Path whitePng = dir.resolve("white.png");
        javax.imageio.ImageIO.write(white, "png", whitePng.toFile());
        c.add(new Case("--image all white", predictImage(whitePng), "white.png", "blank (no ink found)"));
        Path onePixel = dir.resolve("one-pixel.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                onePixel.toFile());
        c.add(new Case("--image of 1x1 pixels", predictImage(onePixel), "one-pixel.png", "1x1 pixels", "at least 5x5"));
        for (int i = 0; i < 64; i++) white.setRGB(i, 32 + (i % 7), 0);
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(white, "jpg", jpeg);
        byte[] whole = jpeg.toByteArray();
        c.add(new Case("--image a truncated JPEG", predictImage(file("cut.jpg", Arrays.copyOf(whole, whole.length / 3))),
                "cut.jpg", "cannot read the image"));
        c.add(new Case("--test file missing", train(valid, "--test", missing.toString()), "missing.mat", "no such file"));
        c.add(new Case("unknown --label-mapping", train(valid, "--label-mapping", "shift"), "unknown label mapping"));
        c.add(new Case("--batch 0", train(valid, "--batch", "0"), "--batch is 0", "at least 1"));
        c.add(new Case("--lr -1", train(valid, "--lr", "-1"), "--lr is -1.0", "greater than 0"));
        c.add(new Case("--validation-split 1.5", train(valid, "--validation-split", "1.5"), "--validation-split is 1.5"));
        formats(c);
        return c.stream();
    }

    /** CSV, .npy and .npz inputs: the same contract as MAT's, each refusal naming the file and the fix. */
    static void formats(List<Case> c) throws IOException {
        c.add(new Case("a file of no accepted format", train(file("data.bin", "hello".getBytes(StandardCharsets.US_ASCII))),
                "data.bin", "not a data format clnn reads", "MAT v5/v7", ".npz", ".csv"));
        c.add(new Case("CSV: empty file", train(file("empty.csv", new byte[0])), "empty.csv", "the file is empty"));
        c.add(new Case("CSV: no label column", train(file("nolabel.csv", csv("a,b\n1,2\n"))), "nolabel.csv",
                "no column 'label'", "--label-column"));
        c.add(new Case("CSV: --label-column names no column", train(file("digit.csv", csv("a,label\n1,2\n")),
                "--label-column", "digit"), "digit.csv", "no column 'digit'"));
        c.add(new Case("CSV: a ragged row", train(file("ragged.csv", csv("a,label\n1,2\n3\n"))), "ragged.csv",
                "line 3 has 1 cell", "header has 2 columns"));
        c.add(new Case("CSV: a word among the numbers", train(file("word.csv", csv("a,label\n1,2\nseven,1\n"))),
                "word.csv", "line 3, column 'a'", "not a number"));
        c.add(new Case("CSV: NaN", train(file("nan.csv", csv("a,label\nNaN,1\n"))), "nan.csv", "line 2, column 'a' is NaN"));
        c.add(new Case("CSV: Inf", train(file("inf.csv", csv("a,label\n1,1\ninf,2\n"))), "inf.csv",
                "line 3, column 'a' is inf"));
        c.add(new Case("CSV: a fractional label", train(file("frac.csv", csv("a,label\n1,1.5\n"))), "frac.csv",
                "column 'label' (the label column) is 1.5"));
        c.add(new Case("CSV: an unterminated quote", train(file("quote.csv", csv("a,label\n\"1,2\n"))), "quote.csv",
                "not readable as CSV"));
        byte[] six = new byte[48];
        // The damaged X files sit beside a good y.npy, so each is refused for its own damage.
        Path npyDir = dir.resolve("npy");
        Files.createDirectories(npyDir);
        Files.write(npyDir.resolve("y.npy"), npy("<i8", "(2,)", new byte[16]));
        c.add(new Case(".npy: object dtype (pickled)", train(Files.write(npyDir.resolve("obj.npy"), npy("|O", "(2, 3)", six))), "obj.npy",
                "Python objects", "never unpickles"));
        c.add(new Case(".npy: complex dtype", train(Files.write(npyDir.resolve("cplx.npy"), npy("<c16", "(2, 3)", six))), "cplx.npy",
                "dtype '<c16'"));
        c.add(new Case(".npy: data cut short", train(Files.write(npyDir.resolve("short.npy"), npy("<f8", "(2, 3)", new byte[40]))), "short.npy",
                "truncated"));
        c.add(new Case(".npy: more data than the shape", train(Files.write(npyDir.resolve("long.npy"), npy("<f8", "(2, 3)", new byte[56]))),
                "long.npy", "disagree"));
        c.add(new Case(".npy: a header claiming 2e9 x 2e9 in a small file", train(Files.write(npyDir.resolve("absurd.npy"),
                npy("<f8", "(2000000000, 2000000000)", six))), "absurd.npy", "truncated"));
        byte[] badHeader = npy("<f8", "(2, 3)", six);
        badHeader[10] = (byte) 'x';
        c.add(new Case(".npy: a damaged header dict", train(Files.write(npyDir.resolve("hdr.npy"), badHeader)), "hdr.npy",
                "not the dict np.save writes"));
        Path lone = dir.resolve("lonely");
        Files.createDirectories(lone);
        c.add(new Case(".npy: no labels' file beside it", train(Files.write(lone.resolve("X.npy"), npy("<f8", "(2, 3)", six))),
                "X.npy", "y.npy", "does not exist", "--y-var"));
        Path pair = dir.resolve("pair");
        Files.createDirectories(pair);
        Files.write(pair.resolve("y.npy"), npy("<f8", "(3,)", new byte[24]));
        c.add(new Case(".npy: X and y of different lengths", train(Files.write(pair.resolve("X.npy"),
                npy("<f8", "(2, 3)", six))), "X.npy", "2 rows but", "3 labels"));
        c.add(new Case(".npz: not a zip after its PK", train(file("bad.npz", "PK\u0003\u0004 junk".getBytes(
                StandardCharsets.ISO_8859_1))), "bad.npz", "not a readable .npz"));
        Path noX = dir.resolve("noX.npz");
        new clnn.data.npy.NpzWriter().floats("A", new int[] {2, 2}, new float[4], 0).floats("y", new int[] {2}, new float[2], 0)
                .writeAtomically(noX);
        c.add(new Case(".npz: no array X", train(noX), "noX.npz", "no array 'X'", "A (2x2 float32)", "--x-var"));
    }

    static byte[] csv(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A version 1.0 .npy with this descr and shape, and {@code data} as its data, whatever the shape says. */
    static byte[] npy(String descr, String shape, byte[] data) {
        byte[] h = ("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + data.length];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >> 8)};
        System.arraycopy(magic, 0, out, 0, 10);
        System.arraycopy(h, 0, out, 10, h.length);
        System.arraycopy(data, 0, out, 10 + h.length, data.length);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneLineExitTwoNoStackTrace(Case c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Runtime rt = Runtime.getRuntime();
        long usedBefore = rt.totalMemory() - rt.freeMemory();
        int code = Main.run(c.args(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        long grew = rt.totalMemory() - rt.freeMemory() - usedBefore;
        String e = err.toString(StandardCharsets.UTF_8).strip();
        String report = c.name() + ": exit " + code + "\nstderr: " + e + "\nstdout: " + out;
        assertEquals(2, code, report);
        assertEquals(1, e.lines().count(), "exactly one line on stderr: " + report);
        assertTrue(e.startsWith("error: "), report);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + report);
        for (String fragment : c.expect()) assertTrue(e.contains(fragment), "mentions '" + fragment + "': " + report);
        assertTrue(grew < 512L << 20, "memory stayed bounded (grew " + (grew >> 20) + " MB): " + report);
        table.add(c.name().replace("|", "\\|") + " | " + code + " | `" + e.substring("error: ".length())
                .replace(dir.toString(), "DIR").replace("|", "\\|") + "`");
    }
}
