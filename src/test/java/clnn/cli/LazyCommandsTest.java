package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** run() builds only the command it runs; what users see is the same as with every command built. */
class LazyCommandsTest {
    @Test
    void eachCommandsHelpIsTheSameAsHelpCommandsWhichBuildsThemAll() {
        for (String c : Main.COMMANDS) {
            if (c.equals("help")) continue;
            CliRun lazy = CliRun.of(c, "--help");
            CliRun all = CliRun.of("help", c);
            assertEquals(0, lazy.exitCode(), lazy.toString());
            assertEquals(all.out(), lazy.out(), c);
        }
    }

    @Test
    void topLevelHelpAndErrorsStillListEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"--bogus", "train"}, {}}) {
            CliRun r = CliRun.of(args);
            String text = r.out() + r.err();
            for (String c : Main.COMMANDS) assertTrue(text.contains("  " + c), String.join(" ", args) + ": " + c + "\n" + text);
        }
        CliRun traced = CliRun.of("--stacktrace", "train", "--bogus");
        assertEquals(2, traced.exitCode(), traced.toString());
        assertTrue(traced.err().contains("--bogus"), traced.toString());
    }
}
