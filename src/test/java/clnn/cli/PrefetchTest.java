package clnn.cli;

import static clnn.data.MatFixtures.doubles;
import static clnn.data.MatFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.DataException;
import clnn.cli.Prefetch.Key;
import clnn.data.DataContents;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** train's MAT files read while picocli parses: the right files, the same results, the same failures. */
class PrefetchTest {
    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        Prefetch.clear();
    }

    @Test
    void plansTheFilesTrainReadsInItsOrder() {
        assertEquals(List.of(new Key(Path.of(DataOptions.BUNDLED_TRAIN), "X", "y", "label"), new Key(Path.of(DataOptions.BUNDLED_TEST), "X", "y", "label")),
                Prefetch.plan(new String[] {"train", "--device", "cpu", "--verbose", "2", "--out", "o"}));
        assertEquals(List.of(new Key(Path.of("d.mat"), "A", "b", "label")),
                Prefetch.plan(new String[] {"--stacktrace", "train", "--data", "d.mat", "--x-var=A", "--y-var", "b", "--no-shuffle"}));
        assertEquals(List.of(new Key(Path.of("d.mat"), "A", "y", "label"), new Key(Path.of("t.mat"), "T", "y", "label")),
                Prefetch.plan(new String[] {"train", "--data=d.mat", "--x-var", "A", "--test", "t.mat", "--test-x-var", "T"}));
        assertEquals(List.of(new Key(Path.of("--data"), "X", "y", "label")),
                Prefetch.plan(new String[] {"train", "--out", "x", "--data", "--data"}), "a value that looks like an option");
        assertEquals(List.of(new Key(Path.of("d.csv"), "X", "y", "digit"), new Key(Path.of("t.csv"), "X", "y", "digit")),
                Prefetch.plan(new String[] {"train", "--data", "d.csv", "--label-column", "digit", "--test", "t.csv"}),
                "a CSV's label column, for --data and --test");
    }

    @Test
    void plansNothingForWhatItDoesNotFollow() {
        for (String[] a : new String[][] {
            {}, {"evaluate", "--data", "d.mat"}, {"train", "--resume", "runs/1"}, {"train", "@args"}, {"train", "extra"},
            {"train", "--data"}, {"train", "--", "--data", "x"}, {"train", "--overwrite=true"}, {"--bogus", "train"},
            {"help", "train"}, {"train", "-hV"},
        }) {
            assertEquals(List.of(), Prefetch.plan(a), String.join(" ", a));
        }
    }

    /** The scan's list of train's valueless options is picocli's. */
    @Test
    void flagsAreTrainsOptionsWithoutAValue() {
        CommandLine cli = new CommandLine(new TrainCommand());
        Set<String> flags = cli.getCommandSpec().options().stream().filter(o -> o.arity().max() == 0)
                .flatMap(o -> List.of(o.names()).stream()).collect(Collectors.toSet());
        assertEquals(flags, Prefetch.FLAGS);
        for (OptionSpec o : cli.getCommandSpec().options()) {
            if (o.arity().max() != 0) assertEquals(1, o.arity().max(), o.longestName() + " takes one value");
        }
    }

    @Test
    void takeGivesTheReadOnlyForTheSameFileAndVariablesAndRethrowsItsFailure() throws Exception {
        Path d = write(dir.resolve("d.mat"), doubles("X", 2, 1, 2, 3, 4), doubles("y", 2, 1, 2));
        Path missing = dir.resolve("missing.mat");
        Prefetch.start(new String[] {"train", "--data", d.toString(), "--test", missing.toString()});
        assertNull(Prefetch.take(d, "X", "other", "label"), "other variables: train reads the file itself");
        DataContents c = Prefetch.take(d, "X", "y", "label");
        assertTrue(c != null && c.contents().floats().containsKey("X") && c.contents().byName().containsKey("y"),
                String.valueOf(c));
        assertNull(Prefetch.take(d, "X", "y", "label"), "taken once");
        DataException e = assertThrows(DataException.class, () -> Prefetch.take(missing, "X", "y", "label"));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void offByProperty() {
        System.setProperty(Prefetch.PROPERTY, "off");
        try {
            Prefetch.start(new String[] {"train"});
            assertNull(Prefetch.take(Path.of(DataOptions.BUNDLED_TRAIN), "X", "y", "label"));
        } finally {
            System.clearProperty(Prefetch.PROPERTY);
        }
    }

    @Test
    void trainGivesTheSameResultsWithAndWithoutIt() throws Exception {
        Path d = write(dir.resolve("d.mat"), doubles("X", 4, 1, 2, 3, 4, 0, 1, 0, 1), doubles("y", 4, 1, 2, 1, 2));
        String[] args = {"train", "--data", d.toString(), "--device", "cpu", "--epochs", "3", "--layers", "2", "--verbose",
            "2", "--out", dir.resolve("a").toString()};
        CliRun with = CliRun.of(args);
        System.setProperty(Prefetch.PROPERTY, "off");
        CliRun without;
        try {
            args[args.length - 1] = dir.resolve("b").toString();
            without = CliRun.of(args);
        } finally {
            System.clearProperty(Prefetch.PROPERTY);
        }
        assertEquals(0, with.exitCode(), with.toString());
        assertEquals(with.out().replaceAll("\\d+(us|ms)/step|in [0-9.]+ s \\(\\d+ us/step|/a/|/b/", ""),
                without.out().replaceAll("\\d+(us|ms)/step|in [0-9.]+ s \\(\\d+ us/step|/a/|/b/", ""));
        CliRun bad = CliRun.of("train", "--data", dir.resolve("nope.mat").toString(), "--device", "cpu");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.oneErrorLine() && bad.err().contains("nope.mat: no such file"), bad.toString());
        assertSame(null, Prefetch.take(dir.resolve("nope.mat"), "X", "y", "label"), "cleared after the command");
    }
}
