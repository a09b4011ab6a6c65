package clnn.data;

import static clnn.data.MatFixtures.doubles;
import static clnn.data.MatFixtures.int32;
import static clnn.data.MatFixtures.matrix;
import static clnn.data.MatFixtures.uint8;
import static clnn.data.MatFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.DataException;
import com.jmatio.types.MLChar;
import com.jmatio.types.MLDouble;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
    @TempDir
    Path dir;

    private LoadedData load(Path file) {
        return DatasetLoader.defaults().load(file);
    }

    private String failure(Path file) {
        return failure(DatasetLoader.defaults(), file);
    }

    private static String failure(DatasetLoader loader, Path file) {
        String m = assertThrows(DataException.class, () -> loader.load(file)).getMessage();
        assertTrue(!m.contains("\n"), "one line: " + m);
        return m;
    }

    @Test
    void readsColumnMajorXAsRowMajorFloats() throws Exception {
        Path f = write(dir.resolve("a.mat"), matrix("X", 3, 2), uint8("y", 3, 0, 1, 2));
        Dataset d = load(f).data();
        assertEquals(3, d.rows());
        assertEquals(2, d.features());
        assertArrayEquals(new float[] {0f, 0.01f, 1f, 1.01f, 2f, 2.01f}, d.x());
        assertArrayEquals(new int[] {0, 1, 2}, d.y());
        assertEquals(3, d.classes());
    }

    @Test
    void uint8LabelsAreUnsignedAndEx3TenBecomesZero() throws Exception {
        Path f = write(dir.resolve("u8.mat"), matrix("X", 4, 2), uint8("y", 4, 10, 1, 9, 10));
        LoadedData l = load(f);
        assertArrayEquals(new int[] {0, 1, 9, 0}, l.data().y());
        assertEquals(10, l.data().classes());
        assertEquals(10, l.labels().storedAsZero());
        assertTrue(l.mappingMessage().contains("10 -> 0"), l.mappingMessage());
        Path big = write(dir.resolve("u8big.mat"), matrix("X", 2, 2), uint8("y", 2, 200, 0));
        assertArrayEquals(new int[] {200, 0}, load(big).data().y(), "uint8 200 is not -56");
    }

    @Test
    void doubleAndInt32LabelsShapedEitherWay() throws Exception {
        Path col = write(dir.resolve("col.mat"), matrix("X", 3, 2), doubles("y", 3, 2, 0, 1));
        Path row = write(dir.resolve("row.mat"), matrix("X", 3, 2), doubles("y", 1, 2, 0, 1));
        Path i32 = write(dir.resolve("i32.mat"), matrix("X", 3, 2), int32("y", 1, 2, 0, 1));
        assertArrayEquals(new int[] {2, 0, 1}, load(col).data().y());
        assertArrayEquals(new int[] {2, 0, 1}, load(row).data().y());
        assertArrayEquals(new int[] {2, 0, 1}, load(i32).data().y());
    }

    @Test
    void oneBasedLabelsAreKeptUnlessAsked() throws Exception {
        Path f = write(dir.resolve("k.mat"), matrix("X", 3, 2), doubles("y", 3, 1, 2, 3));
        LoadedData asIs = load(f);
        assertArrayEquals(new int[] {1, 2, 3}, asIs.data().y());
        assertEquals(4, asIs.data().classes());
        assertTrue(asIs.mappingMessage().contains("last-to-zero"), asIs.mappingMessage());
        LoadedData mapped = new DatasetLoader("X", "y", LabelMapping.LAST_TO_ZERO, 0).load(f);
        assertArrayEquals(new int[] {1, 2, 0}, mapped.data().y());
        assertEquals(3, mapped.data().classes());
    }

    @Test
    void customVariableNamesAndClassCount() throws Exception {
        Path f = write(dir.resolve("c.mat"), matrix("A", 2, 3), doubles("b", 2, 0, 1));
        Dataset d = new DatasetLoader("A", "b", LabelMapping.AUTO, 5).load(f).data();
        assertEquals(5, d.classes());
        assertEquals(3, d.features());
    }

    @Test
    void missingVariableListsWhatIsThere() throws Exception {
        Path f = write(dir.resolve("m.mat"), matrix("A", 2, 3), doubles("b", 2, 0, 1));
        String m = failure(f);
        assertTrue(m.contains("no variable 'X'") && m.contains("A (2x3 double)") && m.contains("--x-var"), m);
    }

    @Test
    void rowsMustMatchLabels() throws Exception {
        Path f = write(dir.resolve("r.mat"), matrix("X", 3, 2), doubles("y", 2, 0, 1));
        String m = failure(f);
        assertTrue(m.contains("3 rows") && m.contains("2 labels"), m);
    }

    @Test
    void nonFiniteFeaturesAreNamedByPosition() throws Exception {
        Path f = write(dir.resolve("n.mat"), doubles("X", 2, 0, 1, Double.NaN, 2), doubles("y", 2, 0, 1));
        String m = failure(f);
        assertTrue(m.contains("X(1,2) is NaN"), m);
        Path inf = write(dir.resolve("i.mat"), doubles("X", 2, 0, Double.POSITIVE_INFINITY), doubles("y", 2, 0, 1));
        assertTrue(failure(inf).contains("X(2,1) is Infinity"), failure(inf));
    }

    @Test
    void labelsMustBeWholeNonNegativeAndInRange() throws Exception {
        assertTrue(failure(write(dir.resolve("f.mat"), matrix("X", 2, 2), doubles("y", 2, 0, 1.5)))
                .contains("y(2) = 1.5 is not a whole number"));
        assertTrue(failure(write(dir.resolve("g.mat"), matrix("X", 2, 2), doubles("y", 2, -1, 1)))
                .contains("y(1) = -1 is negative"));
        Path f = write(dir.resolve("h.mat"), matrix("X", 2, 2), doubles("y", 2, 0, 7));
        String m = failure(new DatasetLoader("X", "y", LabelMapping.AUTO, 3), f);
        assertTrue(m.contains("label 7") && m.contains("class count is 3"), m);
    }

    @Test
    void shapesAndClassesThatCannotBeFeatures() throws Exception {
        MLDouble cube = new MLDouble("X", new int[] {2, 2, 2});
        assertTrue(failure(write(dir.resolve("3d.mat"), cube, doubles("y", 2, 0, 1))).contains("must be a 2-D matrix"));
        assertTrue(failure(write(dir.resolve("s.mat"), new MLChar("X", "ab"), doubles("y", 1, 0)))
                .contains("X (1x2 char) is not a numeric array"));
        assertTrue(failure(write(dir.resolve("y2.mat"), matrix("X", 2, 2), matrix("y", 2, 2)))
                .contains("label vector shaped (n,1) or (1,n)"));
        MLDouble complex = new MLDouble("X", new int[] {1, 2}, MLDouble.mxDOUBLE_CLASS, MLDouble.mtFLAG_COMPLEX);
        assertTrue(failure(write(dir.resolve("c.mat"), complex, doubles("y", 1, 0))).contains("is complex"));
    }

    @Test
    void missingFilesAndDirectoriesAndGarbage() throws Exception {
        assertTrue(failure(dir.resolve("nope.mat")).contains("no such file"));
        assertTrue(failure(dir).contains("is a directory"));
        Path text = dir.resolve("t.mat");
        java.nio.file.Files.writeString(text, "this is not a mat file at all, just some text that is long enough to "
                + "fill a header of one hundred and twenty eight bytes or so, to be sure it is read as one.");
        assertTrue(failure(text).contains("not a MATLAB v5/v7 MAT file"), failure(text));
    }

    @Test
    void matchingLoaderMapsTheTrainingLabelAndRejectsZero() throws Exception {
        Path f = write(dir.resolve("t.mat"), matrix("X", 3, 2), doubles("y", 3, 10, 3, 10));
        Dataset d = DatasetLoader.matching("X", "y", clnn.data.LabelRemap.of(10), 10).load(f).data();
        assertArrayEquals(new int[] {0, 3, 0}, d.y());
        Path z = write(dir.resolve("z.mat"), matrix("X", 2, 2), doubles("y", 2, 0, 10));
        assertTrue(failure(DatasetLoader.matching("X", "y", clnn.data.LabelRemap.of(10), 10), z).contains("labels classes differently"));
    }
}
