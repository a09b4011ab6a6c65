package clnn.cli;

import clnn.data.DataFormat;
import clnn.data.DatasetLoader;
import clnn.data.csv.CsvData;
import clnn.data.mat.MatContents;
import clnn.data.mat.MatFile;
import clnn.data.mat.MatVariable;
import clnn.data.npy.NpyFiles;
import clnn.Text;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * engine inspect FILE: what a data file holds, in any format the loader reads. MAT, .npz and .npy:
 * the variables (arrays) with shape and class, like scipy.io.whosmat, plus label summaries; only the
 * top level is listed (cells and structs are named with their shape, never walked, so no nesting
 * depth or field table in a file can exhaust the stack or the heap). CSV: the rows, the columns and
 * a summary of the label column.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "List what a data file holds: the variables of a MAT file or the arrays of a NumPy .npz/.npy "
                + "(name, shape, class), or a CSV file's rows and columns, and summarise label-like vectors.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "the file (or --data FILE, as other commands take it)")
    Path positional;

    @Option(names = "--data", paramLabel = "FILE", description = "the data file to list (MAT, .npz, .npy or CSV)")
    Path data;

    @Option(names = "--label-column", paramLabel = "NAME", defaultValue = DatasetLoader.DEFAULT_LABEL_COLUMN,
            description = "CSV: the column to summarise as labels (default: ${DEFAULT-VALUE})")
    String labelColumn;

    @Override
    public Integer call() {
        PrintStream out = Io.out();
        if (positional != null && data != null && !positional.equals(data)) {
            throw new BadOption("inspect got two files (" + positional + " and --data " + data + "); give one");
        }
        Path file = data != null ? data : positional;
        if (file == null) {
            throw new BadOption("inspect needs a file: java -jar engine.jar inspect --data FILE.mat (or .npz, .npy, .csv; or inspect FILE)");
        }
        DataFormat format = DataFormat.of(file);
        if (format == DataFormat.CSV) return csv(out, file);
        boolean numpy = format != DataFormat.MAT;
        MatContents contents = format == DataFormat.MAT ? MatFile.list(file) : NpyFiles.list(file, format == DataFormat.NPZ);
        List<MatVariable> vars = contents.variables();
        String noun = numpy ? "array" : "variable";
        out.println(file + ": " + (numpy ? format.label() + ", " : "") + contents.count() + " " + noun
                + (contents.count() == 1 ? "" : "s"));
        int width = Math.max(4, vars.stream().mapToInt(v -> name(v).length()).max().orElse(4));
        for (MatVariable v : vars) {
            out.printf("  %-" + width + "s  %-12s %-8s %s%n", name(v), numpy ? numpyShape(v.dims()) : v.shape(), v.kind(),
                    note(v));
        }
        if (contents.unlisted() > 0) out.println("  ... and " + contents.unlisted() + " more " + noun + "s, not listed");
        if (format == DataFormat.NPY) {
            out.println("  (as --data: the features; the labels come from y.npy next to it, or the file --y-var names)");
        }
        return 0;
    }

    /** CSV: rows, columns and what the label column holds. */
    private int csv(PrintStream out, Path file) {
        CsvData.Summary s = CsvData.summary(file, labelColumn);
        int features = s.columns().size() - (s.labels() != null || s.columns().contains(labelColumn) ? 1 : 0);
        out.println(file + ": CSV, " + Text.count(s.rows(), "row") + ", " + Text.count(s.columns().size(), "column"));
        out.println("  columns: " + Text.list(s.columns().stream().map(c -> Text.printable(c, 40)).toList(), 12));
        String column = "'" + Text.printable(labelColumn, 64) + "'";
        if (!s.columns().contains(labelColumn)) {
            out.println("  no label column " + column + "; name it with --label-column");
        } else {
            String note = s.labels() == null ? "" : note(s.labels());
            out.println("  label column " + column + ": " + (note.isEmpty() ? "not whole numbers (or too many rows to "
                    + "summarise)" : note) + "; features: the other " + Text.count(features, "column"));
        }
        return 0;
    }

    /** "(5000, 400)", as numpy prints a shape. */
    private static String numpyShape(int[] dims) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) s.append(i > 0 ? ", " : "").append(dims[i]);
        return s.append(dims.length == 1 ? ",)" : ")").toString();
    }

    /** Names come from the file: escaped, so they cannot drive the terminal. */
    private static String name(MatVariable v) {
        return Text.printable(v.name(), 64);
    }

    /** For a numeric vector of whole numbers: the distinct values (what the classes would be). */
    private static String note(MatVariable v) {
        if (v.text() != null) return "'" + Text.printable(v.text(), 80) + "'";
        boolean vector = v.dims().length == 1 || (v.dims().length == 2 && (v.dims()[0] == 1 || v.dims()[1] == 1));
        if (!v.isNumeric() || !vector) return "";
        TreeSet<Double> distinct = new TreeSet<>();
        for (double d : v.values()) {
            if (d != Math.rint(d)) return "";
            distinct.add(d);
            if (distinct.size() > 1000) return "";
        }
        if (distinct.isEmpty()) return "";
        long min = distinct.first().longValue();
        long max = distinct.last().longValue();
        String s = "labels " + min + ".." + max + " (" + distinct.size() + " distinct)";
        if (min >= 1 && max == 10) s += "; ex3 convention: 10 means digit 0, mapped 10 -> 0";
        return s;
    }
}
