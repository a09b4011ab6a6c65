package clnn.data.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.DataException;
import clnn.data.mat.MatContents;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV in: the label column anywhere, quoting and a byte-order mark handled, every bad cell refused by line and column. */
class CsvDataTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theLabelColumnAnywhereAndEveryOtherColumnAFeature() throws Exception {
        Path p = write("d.csv", "\uFEFFa,\"digit\",b\r\n1.5,2,-3e-1\n\n\"4\",0,+5\n");
        MatContents c = CsvData.read(p, "digit");
        assertArrayEquals(new float[] {1.5f, -0.3f, 4, 5}, c.floats().get(CsvData.FEATURES).rowMajor());
        assertArrayEquals(new double[] {2, 0}, c.byName().get("digit").values());
        assertArrayEquals(new int[] {2, 2}, c.byName().get(CsvData.FEATURES).dims());
        CsvData.Summary s = CsvData.summary(p, "digit");
        assertEquals(2, s.rows());
        assertEquals(java.util.List.of("a", "digit", "b"), s.columns());
        assertArrayEquals(new double[] {2, 0}, s.labels().values());
    }

    void refused(String text, String label, String... fragments) throws Exception {
        Path p = write("bad.csv", text);
        DataException e = assertThrows(DataException.class, () -> CsvData.read(p, label));
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void refusals() throws Exception {
        refused("", "label", "the file is empty", "header row");
        refused("a,b\n1,2\n", "label", "no column 'label'", "a, b", "--label-column");
        refused("label,a\n1,2\n3\n", "label", "line 3 has 1 cell", "header has 2 columns");
        refused("label,a\n1,2\n3,4,5\n", "label", "line 3 has 3 cells");
        refused("label,a\n1,2\n1,abc\n", "label", "line 3, column 'a'", "'abc', not a number");
        refused("label,a\n1,\n", "label", "line 2, column 'a' is empty");
        refused("label,a\n1,NaN\n", "label", "line 2, column 'a' is NaN", "finite");
        refused("label,a\n1,2\n1,-inf\n", "label", "line 3, column 'a' is -inf");
        refused("label,a\n1,1e39\n", "label", "beyond float32");
        refused("label,a\n1,0x10\n", "label", "'0x10', not a number");
        refused("label,a\n1.5,2\n", "label", "line 2, column 'label' (the label column) is 1.5", "whole numbers");
        refused("label,a\n-1,2\n", "label", "is -1.0");
        refused("label,a\n", "label", "no data rows");
        refused("label\n1\n", "label", "only column is the label column");
        refused("label,a,a\n1,2,3\n", "label", "header row is not usable", "distinct");
        refused("label,a\n1,\"2\n", "label", "not readable as CSV");
    }
}
