package clnn.cli;

import clnn.Text;
import clnn.data.Version;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar engine.jar COMMAND}. Exit codes: 0 done, 2 a problem the user can fix (bad
 * option, file, data or device; one line on stderr), 1 a bug in clnn (stack trace).
 *
 * <p>{@link #main} may run the command in a second JVM that has the Vector API ({@link Relaunch});
 * {@link #run} always runs it in this one.
 */
@Command(name = "engine", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Train and use small dense networks on the CPU or on an OpenCL device.")
public final class Main {
    /** The top-level command; picocli builds it and its subcommands. */
    public Main() {
    }

    /**
     * The commands, in the order --help lists them ({@link #command} makes each). picocli reads each
     * command's options by reflection when it is added; {@link #run} adds only the one the arguments
     * name when nothing before it needs the others (about 50 ms less for every command).
     */
    static final List<String> COMMANDS = List.of("train", "evaluate", "predict", "inspect", "show", "devices",
            "selftest", "tune", "help");

    private static Object command(String name) {
        switch (name) {
            case "train": return new TrainCommand();
            case "evaluate": return new EvaluateCommand();
            case "predict": return new PredictCommand();
            case "inspect": return new InspectCommand();
            case "show": return new ShowCommand();
            case "devices": return new DevicesCommand();
            case "selftest": return new SelftestCommand();
            case "tune": return new TuneCommand();
            case "help": return new CommandLine.HelpCommand();
            default: throw new IllegalArgumentException(name);
        }
    }

    /**
     * The command of a command line {@code [--stacktrace ...] COMMAND ...}, or null for any other
     * (help, --version, nothing, an unknown word or option before the command, an @argument file).
     */
    static String commandOf(String[] args) {
        for (String a : args) {
            if (a.equals("--stacktrace")) continue;
            return COMMANDS.contains(a) && !a.equals("help") ? a : null;
        }
        return null;
    }

    /** Exit code of a user mistake (a bad option, a missing file, bad data): the message says the fix. */
    public static final int USER_ERROR = 2;

    /** Named apart from train's --verbose 0|1|2 (Keras's progress levels): one word, one meaning. */
    @picocli.CommandLine.Option(names = "--stacktrace", scope = picocli.CommandLine.ScopeType.LOCAL,
            description = "on an error, print the full stack trace as well as the one-line cause (put it before "
                    + "the command: java -jar engine.jar --stacktrace train ...)")
    boolean stacktrace;

    /**
     * The {@code engine} command: runs the command line in this JVM, or in a relaunched one when that is faster
     * (see Relaunch), and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Profile.start();
        java.util.Optional<Integer> relaunched = Relaunch.ifUseful(args);
        System.exit(relaunched.isPresent() ? relaunched.get() : run(args, System.out, System.err));
    }

    /**
     * Runs one command line with the given streams, in this JVM and without exiting (internal: what the CLI tests
     * call).
     *
     * @param args the command line
     * @param out  receives the command's output
     * @param err  receives messages and errors
     * @return the exit code: 0 on success, {@link #USER_ERROR} for a user mistake
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Prefetch.start(args);
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        String only = commandOf(args);
        for (String name : only != null ? List.of(only) : COMMANDS) cli.addSubcommand(name, command(name));
        Profile.mark("build the command model (picocli)");
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
            Prefetch.clear();
            out.flush();
            Profile.mark("flush the output");
            Profile.report(err);
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
