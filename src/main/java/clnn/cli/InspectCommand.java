package clnn.cli;

import clnn.data.mat.MatContents;
import clnn.data.mat.MatFile;
import clnn.data.mat.MatVariable;
import clnn.Text;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * engine inspect FILE.mat: the variables with shape and class, like scipy.io.whosmat, plus label
 * summaries. Only the top level is listed: cells and structs are named with their shape, never
 * walked, so no nesting depth or field table in a file can exhaust the stack or the heap.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "List the variables of a MAT file (name, shape, class) and summarise label-like vectors.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.mat", arity = "0..1", description = "the file (or --data FILE, as other commands take it)")
    Path positional;

    @picocli.CommandLine.Option(names = "--data", paramLabel = "FILE", description = "the MAT file to list")
    Path data;

    @Override
    public Integer call() {
        PrintStream out = Io.out();
        if (positional != null && data != null && !positional.equals(data)) {
            throw new BadOption("inspect got two files (" + positional + " and --data " + data + "); give one");
        }
        Path file = data != null ? data : positional;
        if (file == null) throw new BadOption("inspect needs a file: engine inspect --data FILE.mat (or inspect FILE.mat)");
        MatContents contents = MatFile.list(file);
        List<MatVariable> vars = contents.variables();
        out.println(file + ": " + contents.count() + " variable" + (contents.count() == 1 ? "" : "s"));
        int width = Math.max(4, vars.stream().mapToInt(v -> name(v).length()).max().orElse(4));
        for (MatVariable v : vars) {
            out.printf("  %-" + width + "s  %-12s %-8s %s%n", name(v), v.shape(), v.kind(), note(v));
        }
        if (contents.unlisted() > 0) out.println("  ... and " + contents.unlisted() + " more variables, not listed");
        return 0;
    }

    /** Names come from the file: escaped, so they cannot drive the terminal. */
    private static String name(MatVariable v) {
        return Text.printable(v.name(), 64);
    }

    /** For a numeric vector of whole numbers: the distinct values (what the classes would be). */
    private static String note(MatVariable v) {
        if (v.text() != null) return "'" + Text.printable(v.text(), 80) + "'";
        if (!v.isNumeric() || v.dims().length != 2 || (v.dims()[0] != 1 && v.dims()[1] != 1)) return "";
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
