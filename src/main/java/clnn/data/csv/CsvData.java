package clnn.data.csv;

import clnn.DataException;
import clnn.Text;
import clnn.data.HeapBudget;
import clnn.data.mat.MatContents;
import clnn.data.mat.MatFloats;
import clnn.data.mat.MatVariable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * A data set as CSV: a header row naming the columns, one sample per line, the labels in one column
 * (named by the caller, {@code --label-column}) and every other column a feature. Parsing (quotes,
 * escapes, line ends) is Apache Commons CSV's; every cell is checked here, and a bad one is refused
 * naming the file, the line and the column.
 *
 * <p>Two passes: the first checks the shape (header, label column, equal row lengths) and counts the
 * rows, so the one float32 array for X is sized exactly and booked against the heap before it exists;
 * the second fills it.
 */
public final class CsvData {
    /** The name the features go by in the returned contents. */
    public static final String FEATURES = "features";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).setIgnoreEmptyLines(true).setTrim(true).get();

    /**
     * What inspect shows of a CSV file.
     *
     * @param rows    data rows (the header not counted)
     * @param columns the column names, in order
     * @param labels  the label column's values (column-major vector), or null when there is no such column
     */
    public record Summary(int rows, List<String> columns, MatVariable labels) {
    }

    private CsvData() {
    }

    /**
     * Reads the features ({@link #FEATURES}, row-major float32) and the label column (as doubles).
     *
     * @param file        the CSV file
     * @param labelColumn the name of the column holding the labels
     * @return the two variables, in the MAT reader's forms
     * @throws DataException naming the file, line and column of the first problem
     */
    public static MatContents read(Path file, String labelColumn) {
        Shape s = shape(file, labelColumn, true);
        int rows = s.rows;
        int features = s.columns.size() - 1;
        if (features < 1) {
            throw new DataException(file + ": the only column is the label column '" + Text.printable(labelColumn, 64)
                    + "'; the samples need at least one feature column");
        }
        long bytes = (long) rows * features * 4 + (long) rows * 8;
        HeapBudget budget = new HeapBudget();
        if ((long) rows * features > Integer.MAX_VALUE - 8) {
            throw new DataException(file + ": " + rows + " rows of " + features + " features are more values than a "
                    + "Java array holds; split the file");
        }
        budget.take(bytes, 0, () -> new DataException(file + ": " + rows + " rows x " + features + " features need "
                + HeapBudget.size(bytes) + " of memory to load, more than the " + HeapBudget.size(budget.usable())
                + " this JVM can give it; loading it needs at least " + budget.heapFor(bytes) + " (java "
                + budget.heapFor(bytes) + " -jar engine.jar ...; training needs more) or use a smaller file"));
        float[] x = new float[rows * features];
        double[] y = new double[rows];
        int label = s.labelIndex;
        String[] names = s.columns.toArray(new String[0]);
        parse(file, p -> {
            int r = 0;
            for (CSVRecord rec : p) {
                long line = p.getCurrentLineNumber();
                int k = 0;
                for (int c = 0; c < names.length; c++) {
                    double v = number(file, line, names[c], rec.get(c));
                    if (c == label) {
                        y[r] = wholeLabel(file, line, names[c], v);
                    } else {
                        x[r * features + k++] = (float) v;
                    }
                }
                r++;
            }
        });
        MatVariable xv = new MatVariable(FEATURES, "float32", new int[] {rows, features}, false, false, null, null);
        MatVariable yv = new MatVariable(labelColumn, "column", new int[] {rows, 1}, false, false, y, null);
        return new MatContents(List.of(xv, yv), 2, Map.of(FEATURES, new MatFloats(x, rows, features, -1, 0)));
    }

    /**
     * The columns and row count, and the label column's values when there is one (for inspect).
     *
     * @param file        the CSV file
     * @param labelColumn the column to summarise as labels
     * @return what the file holds
     * @throws DataException when the file is empty, ragged or not CSV
     */
    public static Summary summary(Path file, String labelColumn) {
        Shape s = shape(file, labelColumn, false);
        if (s.labelIndex < 0 || (long) s.rows > 1_000_000) return new Summary(s.rows, s.columns, null);
        double[] y = new double[s.rows];
        boolean[] numeric = {true};
        parse(file, p -> {
            int r = 0;
            for (CSVRecord rec : p) {
                try {
                    y[r++] = Double.parseDouble(rec.get(s.labelIndex));
                } catch (NumberFormatException e) {
                    numeric[0] = false;
                }
            }
        });
        MatVariable labels = new MatVariable(labelColumn, "column", new int[] {s.rows, 1}, false, false,
                numeric[0] ? y : null, null);
        return new Summary(s.rows, s.columns, labels);
    }

    private record Shape(List<String> columns, int labelIndex, int rows) {
    }

    /** Header, label column (required or not), equal row lengths, and the number of rows. */
    private static Shape shape(Path file, String labelColumn, boolean requireLabel) {
        Object[] out = new Object[1];
        parse(file, p -> {
            List<String> columns = p.getHeaderNames();
            if (columns.isEmpty()) {
                throw new DataException(file + ": the file is empty; a CSV data file needs a header row naming the "
                        + "columns (one of them '" + Text.printable(labelColumn, 64) + "') and one row per sample");
            }
            int label = columns.indexOf(labelColumn);
            if (label < 0 && requireLabel) {
                throw new DataException(file + ": no column '" + Text.printable(labelColumn, 64) + "' in the header ("
                        + Text.list(columns.stream().map(c -> Text.printable(c, 40)).toList(), 12)
                        + "); name the label column with --label-column");
            }
            int rows = 0;
            for (CSVRecord rec : p) {
                if (rec.size() != columns.size()) {
                    throw new DataException(file + ": line " + p.getCurrentLineNumber() + " has "
                            + Text.count(rec.size(), "cell") + " but the header has " + columns.size() + " columns; every row needs one cell per "
                            + "column");
                }
                if (++rows == Integer.MAX_VALUE - 8) {
                    throw new DataException(file + ": more rows than clnn holds; split the file");
                }
            }
            if (rows == 0 && requireLabel) {
                throw new DataException(file + ": has a header row but no data rows; the data set needs at least one "
                        + "sample");
            }
            out[0] = new Shape(columns, label, rows);
        });
        return (Shape) out[0];
    }

    @FunctionalInterface
    private interface Pass {
        void over(CSVParser parser);
    }

    /** One pass over the file; the library's complaints (quotes, duplicate or empty names) become one line. */
    private static void parse(Path file, Pass pass) {
        try (Reader in = withoutBom(Files.newBufferedReader(file, StandardCharsets.UTF_8));
             CSVParser p = FORMAT.parse(in)) {
            pass.over(p);
        } catch (UncheckedIOException e) {
            throw new DataException(file + ": not readable as CSV (" + oneLine(e.getCause()) + "); check quoting and "
                    + "the encoding (UTF-8)");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DataException(file + ": the header row is not usable (" + oneLine(e) + "); give every column a "
                    + "distinct, non-empty name");
        } catch (IOException e) {
            throw new DataException(file + ": not readable as CSV (" + oneLine(e) + "); check quoting and the "
                    + "encoding (UTF-8)");
        }
    }

    /** Spreadsheet programs often begin a UTF-8 file with a byte-order mark; it is not part of the first name. */
    private static Reader withoutBom(BufferedReader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') in.reset();
        return in;
    }

    /** A finite number within float32's range, or a refusal naming line and column. */
    static double number(Path file, long line, String column, String cell) {
        String at = file + ": line " + line + ", column '" + Text.printable(column, 40) + "'";
        if (cell.isEmpty()) throw new DataException(at + " is empty; every cell must hold a number");
        String lower = cell.toLowerCase(Locale.ROOT);
        if (lower.matches("[+-]?(nan|inf|infinity)")) {
            throw new DataException(at + " is " + Text.printable(cell, 20) + "; values must be finite: replace or drop "
                    + "such rows");
        }
        boolean plain = cell.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e'
                || c == 'E');
        double v;
        try {
            if (!plain) throw new NumberFormatException();
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataException(at + " is '" + Text.printable(cell, 40) + "', not a number; every cell but the "
                    + "header must be numeric");
        }
        if (Math.abs(v) > Float.MAX_VALUE) {
            throw new DataException(at + " is " + Text.printable(cell, 40) + ", beyond float32's range; values must be "
                    + "finite as float32");
        }
        return v;
    }

    private static double wholeLabel(Path file, long line, String column, double v) {
        String at = file + ": line " + line + ", column '" + Text.printable(column, 40) + "'";
        if (v != Math.rint(v) || v < 0 || v > clnn.data.DatasetLoader.MAX_CLASSES) {
            throw new DataException(at + " (the label column) is " + v + "; labels must be whole numbers 0.." 
                    + clnn.data.DatasetLoader.MAX_CLASSES + " (class indices 0..K-1, or 1..K with --label-mapping "
                    + "last-to-zero)");
        }
        return v;
    }

    private static String oneLine(Throwable e) {
        String m = e == null ? null : e.getMessage();
        if (m == null || m.isBlank()) m = e == null ? "unknown" : e.getClass().getSimpleName();
        return Text.printable(m.replaceAll("\\s+", " ").trim(), 200);
    }
}
