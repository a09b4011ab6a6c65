package clnn.cli;

import clnn.ClnnException;
import clnn.CheckpointFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * train --resume DIR: the run's options come from its checkpoint (clnn_args). Only a few may change;
 * any other option given on the command line with a different value is refused in one line rather
 * than silently ignored (a resumed run that quietly trains on the old data is worse than none).
 */
final class ResumeOptions {
    /** What may differ from the stored run: where and how verbosely it runs, how long, how fast. */
    static final List<String> CHANGEABLE = List.of("--device", "--threads", "--fusion", "--verbose", "--epochs", "--lr");
    /** Options that are about the resume itself, not about the run. */
    private static final Set<String> OWN = Set.of("--resume");

    private ResumeOptions() {
    }

    /** The stored run's options with the allowed changes from {@code given} applied. */
    static TrainCommand merge(TrainCommand given, ParseResult parsed, CheckpointFiles.Loaded cp, Path dir) {
        Path file = dir.resolve(CheckpointFiles.FILE);
        TrainCommand stored = new TrainCommand();
        CommandLine storedLine = new CommandLine(stored);
        try {
            storedLine.parseArgs(cp.args().toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new ClnnException(file + ": its clnn_args (the options the run was started with) cannot be read: "
                    + e.getMessage() + "; the checkpoint was written by another version of clnn or is damaged: start a "
                    + "new run with --out");
        }
        // Checkpoints written before --classes became optional store "--classes 0" for "automatic".
        if (stored.labels.classes != null && stored.labels.classes == 0) stored.labels.classes = null;
        try {
            stored.checkRanges();
        } catch (BadOption e) {
            throw new ClnnException(file + ": its clnn_args hold an impossible option (" + e.getMessage()
                    + "); the checkpoint is damaged: start a new run with --out");
        }
        List<String> conflicts = new ArrayList<>();
        List<String> storedValues = new ArrayList<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            String name = o.longestName();
            if (CHANGEABLE.contains(name) || OWN.contains(name)) continue;
            OptionSpec s = storedLine.getCommandSpec().findOption(name);
            Object storedValue = s == null ? null : s.getValue();
            if (!same(o.getValue(), storedValue)) {
                conflicts.add(name + (o.arity().max() > 0 ? " " + String.join(",", o.originalStringValues()) : ""));
                storedValues.add(name + (o.arity().max() > 0 ? " " + shown(storedValue) : storedValue == Boolean.TRUE
                        ? "" : " absent"));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new BadOption("--resume " + dir + ": " + String.join(", ", conflicts) + " differ" + (conflicts.size() == 1
                    ? "s" : "") + " from the options the run was started with (" + String.join(", ", storedValues)
                    + "); a resumed run keeps them, only " + String.join(", ", CHANGEABLE) + " may change: drop "
                    + (conflicts.size() == 1 ? "it" : "them") + ", or start a new run with --out");
        }
        if (parsed.hasMatchedOption("--device")) stored.device.name = given.device.name;
        if (parsed.hasMatchedOption("--verbose")) stored.verbose = given.verbose;
        if (parsed.hasMatchedOption("--epochs")) stored.epochs = given.epochs;
        if (parsed.hasMatchedOption("--lr")) stored.lr = given.lr;
        if (stored.epochs < cp.state().epochsDone()) {
            throw new BadOption("--epochs " + stored.epochs + " is fewer than the " + clnn.Text.count(cp.state().epochsDone(),
                    "epoch") + " the checkpoint in " + dir + " has done already; give at least that many");
        }
        return stored;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Path p && b instanceof Path q) {
            return p.toAbsolutePath().normalize().equals(q.toAbsolutePath().normalize());
        }
        if (a instanceof Float f && b instanceof Float g) return Float.compare(f, g) == 0;
        return Objects.deepEquals(a, b);
    }

    private static String shown(Object v) {
        if (v == null) return "absent";
        if (v instanceof int[] a) return Arrays.stream(a).mapToObj(String::valueOf).reduce((x, y) -> x + "," + y).orElse("");
        return String.valueOf(v);
    }
}
