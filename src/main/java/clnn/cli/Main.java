package clnn.cli;

import clnn.ClnnException;
import clnn.data.Version;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar engine.jar COMMAND}. Exit codes: 0 done, 2 a problem the user can fix (bad
 * option, file, data or device; one line on stderr), 1 a bug in clnn (stack trace).
 */
@Command(name = "engine", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Train and use small dense networks on the CPU or on an OpenCL device.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, InspectCommand.class,
            ShowCommand.class, DevicesCommand.class, SelftestCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    public static final int USER_ERROR = 2;

    @picocli.CommandLine.Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.LOCAL,
            description = "on an error, print the full stack trace as well as the one-line cause (put it before "
                    + "the command: engine --verbose train ...)")
    boolean verbose;

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
            if (e instanceof ClnnException || e instanceof UncheckedIOException) {
                err.println("error: " + e.getMessage());
                if (main.verbose) e.printStackTrace(err);
                return USER_ERROR;
            }
            throw e;
        });
        Io.set(out, err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"clnn engine " + Version.get()};
        }
    }
}
