package clnn.cli;

import clnn.Text;
import clnn.data.Version;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar engine.jar COMMAND}. Exit codes: 0 done, 2 a problem the user can fix (bad
 * option, file, data or device; one line on stderr), 1 a bug in clnn (stack trace).
 */
@Command(name = "engine", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Train and use small dense networks on the CPU or on an OpenCL device.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, InspectCommand.class,
            ShowCommand.class, DevicesCommand.class, SelftestCommand.class, TuneCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    public static final int USER_ERROR = 2;

    /** Named apart from train's --verbose 0|1|2 (Keras's progress levels): one word, one meaning. */
    @picocli.CommandLine.Option(names = "--stacktrace", scope = picocli.CommandLine.ScopeType.LOCAL,
            description = "on an error, print the full stack trace as well as the one-line cause (put it before "
                    + "the command: engine --stacktrace train ...)")
    boolean stacktrace;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (Failures.oneLine(e) == null) throw e;
            return report(e, err, main.stacktrace);
        });
        Io.set(out);
        Activity.set("running " + (args.length > 0 ? Text.printable(args[0], 40) : "engine"));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli lets Errors through its handler; this is the last place they can become one line.
            return report(e, err, main.stacktrace);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Prints the one line for a user error. Its text may hold names read from files, so it is escaped
     * (no newline can forge a second "error:" line, no ANSI sequence reaches the terminal) and capped.
     */
    private static int report(Throwable e, PrintStream err, boolean stacktrace) {
        err.println("error: " + Text.printable(Failures.oneLine(e), MAX_MESSAGE));
        if (stacktrace) e.printStackTrace(err);
        return USER_ERROR;
    }

    /** Characters of a message shown: enough for any real message, not 4 MB of variable names. */
    static final int MAX_MESSAGE = 1500;

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"clnn engine " + Version.get()};
        }
    }
}
