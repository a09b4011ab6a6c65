package clnn.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code java -jar engine.jar train ...} in a second JVM that has the Vector API.
 *
 * <p>The fast CPU twin needs {@code --add-modules jdk.incubator.vector}, which {@code java -jar}
 * cannot take from the jar: the manifest's {@code Add-Modules} is ignored, JDK_JAVA_OPTIONS prints a
 * notice, and a child ModuleLayer cannot load an incubator module. So {@link Main#main} starts, once,
 * the same java with the same JVM options, {@code --add-modules=jdk.incubator.vector}, the class
 * archive ({@link ClassArchive}), {@code -cp} the jar, {@code clnn.cli.Main} and the same arguments. The child inherits stdin and stdout (a terminal stays a terminal for the
 * progress bar); its stderr comes through {@link IncubatorWarningFilter}, which drops the JVM's one
 * line about the incubator module; its exit code is ours.
 *
 * <p>Not relaunched ({@link #decide}): when the module is already there; in the child itself
 * (environment {@value #GUARD}); with {@code -D}{@value #PROPERTY}{@code =off}; when not started
 * with {@code -jar} (a -cp launch, a test, an IDE: they set their own flags); for commands other
 * than train ({@link #COMMANDS}), and for help and version requests. When the child cannot be started, or this JVM's command line cannot
 * be read back exactly, the command runs here, on the auto-vectorised twin.
 *
 * <p>Signals: Ctrl-C reaches both processes (one process group); a SIGTERM to this JVM is passed on
 * by a shutdown hook; if this JVM dies without one (SIGKILL), the child notices within a quarter of
 * a second and halts ({@link #watchParent}), as if it had been killed with it. Files are written
 * atomically, so a halt leaves no half-written result.
 */
final class Relaunch {
    /** Set in the child's environment: it must not relaunch again. */
    static final String GUARD = "CLNN_RELAUNCHED";
    /** {@code -Dclnn.relaunch=off}: run in this JVM (the auto-vectorised twin unless the module is there). */
    static final String PROPERTY = "clnn.relaunch";
    static final String MODULE = "jdk.incubator.vector";
    /**
     * The commands worth a second JVM: train (the Vector API twin makes its 40 epochs faster by more
     * than the relaunch costs). evaluate and predict run one forward pass, for which the Vector
     * API's start-up costs more than it saves: evaluate of the bundled test set, relaunched, took
     * about 350 ms more CPU and 150 ms more wall time than in-process (docs/PERF.md).
     */
    static final Set<String> COMMANDS = Set.of("train");
    // No JVM tuning flags of our own: -XX:+UseSerialGC and -XX:-UsePerfData measured within noise of
    // the defaults on the reference workload (+-40 ms), -XX:TieredStopAtLevel=1 1.4x slower (C1 code
    // in the training loop). The child runs with the user's options, the module and the class archive.

    enum Decision {
        RELAUNCH, MODULE_PRESENT, IN_THE_CHILD, TURNED_OFF, NOT_FROM_JAR, COMMAND
    }

    private Relaunch() {
    }

    /**
     * Whether to relaunch, as a function of everything it depends on.
     *
     * @param guard    the value of {@value #GUARD} in the environment (null when unset)
     * @param property the value of {@code -Dclnn.relaunch} (null when unset)
     * @param fromJar  whether this JVM was started with {@code -jar}
     * @param command  the command the arguments name ({@link #computing}), null when none
     */
    static Decision decide(boolean modulePresent, String guard, String property, boolean fromJar, String command) {
        if (modulePresent) return Decision.MODULE_PRESENT;
        if (guard != null && !guard.isEmpty()) return Decision.IN_THE_CHILD;
        if (property != null && Set.of("off", "false", "no", "0").contains(property.trim().toLowerCase(Locale.ROOT))) {
            return Decision.TURNED_OFF;
        }
        if (!fromJar) return Decision.NOT_FROM_JAR;
        if (command == null || !COMMANDS.contains(command)) return Decision.COMMAND;
        return Decision.RELAUNCH;
    }

    /** The command of {@code args} ({@link Main#commandOf}), or null when they only ask for help or the version. */
    static String computing(String[] args) {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return null;
        }
        return Main.commandOf(args);
    }

    /**
     * The JVM options of a {@code java [options] -jar JAR args...} command line, given the process's
     * arguments (without the java binary) and the main method's {@code args}: empty when the line does
     * not end with exactly {@code -jar JAR args}, so nothing is guessed.
     */
    static Optional<List<String>> jvmOptions(List<String> processArgs, String[] args) {
        int jarAt = processArgs.size() - args.length - 2;
        if (jarAt < 0 || !processArgs.get(jarAt).equals("-jar")) return Optional.empty();
        if (!processArgs.subList(jarAt + 2, processArgs.size()).equals(Arrays.asList(args))) return Optional.empty();
        return Optional.of(List.copyOf(processArgs.subList(0, jarAt)));
    }

    /** The jar of a {@code -jar} command line ({@link #jvmOptions} found it well formed). */
    static String jar(List<String> processArgs, String[] args) {
        return processArgs.get(processArgs.size() - args.length - 1);
    }

    /**
     * The child's command line: the class archive's flags, then the user's JVM options (so theirs
     * win), the module, the jar as class path, the main class and the arguments.
     */
    static List<String> childCommand(String java, List<String> userOptions, List<String> archiveFlags, String jar,
                                     String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(archiveFlags);
        cmd.addAll(userOptions);
        cmd.add("--add-modules=" + MODULE);
        cmd.add("-cp");
        cmd.add(jar);
        cmd.add(Main.class.getName());
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /**
     * Runs the command in a relaunched JVM when {@link #decide} says so; returns its exit code, or
     * empty to run the command in this JVM.
     */
    static Optional<Integer> ifUseful(String[] args) {
        boolean module = ModuleLayer.boot().findModule(MODULE).isPresent();
        String guard = System.getenv(GUARD);
        String setting = System.getProperty(PROPERTY);
        String command = computing(args);
        // Everything but the command line first: reading that back costs a few /proc reads.
        // The child (it has the module, so decide says MODULE_PRESENT) watches its parent.
        if (guard != null && !guard.isEmpty()) watchParent();
        if (decide(module, guard, setting, true, command) != Decision.RELAUNCH) return Optional.empty();
        Optional<String[]> arguments = ProcessHandle.current().info().arguments();
        List<String> processArgs = arguments.isPresent() ? List.of(arguments.get()) : List.of();
        Optional<List<String>> options = jvmOptions(processArgs, args);
        if (decide(module, guard, setting, options.isPresent(), command) != Decision.RELAUNCH) return Optional.empty();
        String jar = jar(processArgs, args);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ClassArchive archive = ClassArchive.plan(Path.of(jar), Main.commandOf(args), options.get());
        List<String> cmd = childCommand(java, options.get(), archive.flags(), jar, args);
        Process child;
        try {
            child = start(cmd);
        } catch (IOException | RuntimeException e) {
            archive.abandon();
            return Optional.empty();
        }
        Profile.mark("relaunch: start the child JVM");
        int code = finish(child, new FileOutputStream(FileDescriptor.err));
        List<String> userOptions = options.get();
        archive.afterExit(code, new java.util.function.Predicate<List<String>>() {
            @Override
            public boolean test(List<String> flags) {
                return check(childCommand(java, userOptions, flags, jar, new String[0]));
            }
        });
        Profile.mark("relaunch: the child JVM ran the command");
        Profile.report(System.err, "parent JVM: ");
        return Optional.of(code);
    }

    /**
     * Whether a JVM with these flags starts: {@code cmd} is a child command without arguments, whose
     * main class is replaced by {@code -version} (the launcher prints the version and exits once the
     * JVM, and its class archive, are up). Output discarded; 30 s at most.
     */
    static boolean check(List<String> cmd) {
        List<String> c = new ArrayList<>(cmd);
        c.set(c.size() - 1, "-version");
        try {
            Process p = new ProcessBuilder(c).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts the child: stdin and stdout inherited, stderr piped (for the filter), the guard set. */
    static Process start(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.PIPE);
        pb.environment().put(GUARD, "1");
        return pb.start();
    }

    /**
     * Forwards the child's stderr through {@link IncubatorWarningFilter} to {@code stderr} until the
     * child closes it, then returns the child's exit code. A shutdown hook of this JVM (SIGTERM,
     * SIGINT) ends the child first.
     */
    static int finish(Process child, OutputStream stderr) {
        Thread hook = new Thread("clnn-relaunch-stop") {
            @Override
            public void run() {
                Relaunch.stop(child);
            }
        };
        Runtime.getRuntime().addShutdownHook(hook);
        try (InputStream err = child.getErrorStream()) {
            IncubatorWarningFilter.pump(err, stderr);
        } catch (IOException e) {
            // Our stderr is gone (a closed pipe): the child's exit code still decides.
        }
        int code = waitFor(child);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs and finds the child ended
        }
        return code;
    }

    private static int waitFor(Process child) {
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // Only the shutdown hook ends the child; keep waiting for its exit code.
            }
        }
    }

    /** This JVM is being shut down (SIGTERM, SIGINT): the child goes first, given a few seconds to finish. */
    private static void stop(Process child) {
        if (!child.isAlive()) return;
        child.destroy();
        try {
            if (!child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) child.destroyForcibly();
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }

    /** In the child: when the parent JVM is gone (killed with SIGKILL), halt as it did. */
    static void watchParent() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) return;
        ProcessHandle p = parent.get();
        Thread t = new Thread(() -> {
            while (p.isAlive()) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(128 + 9);
        }, "clnn-parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
