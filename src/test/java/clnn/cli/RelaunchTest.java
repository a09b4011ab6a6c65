package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.cli.Relaunch.Decision;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When main relaunches, with what command line, and what comes back from the child. */
class RelaunchTest {
    @Test
    void relaunchesOnlyAJarLaunchOfAComputingCommandWithoutTheModule() {
        assertEquals(Decision.RELAUNCH, Relaunch.decide(false, null, null, true, "train"));
        assertEquals(Decision.RELAUNCH, Relaunch.decide(false, "", "on", true, "train"));
        assertEquals(Decision.MODULE_PRESENT, Relaunch.decide(true, null, null, true, "train"));
        assertEquals(Decision.IN_THE_CHILD, Relaunch.decide(false, "1", null, true, "train"));
        for (String off : new String[] {"off", "OFF", "false", "no", "0", " off "}) {
            assertEquals(Decision.TURNED_OFF, Relaunch.decide(false, null, off, true, "train"), off);
        }
        assertEquals(Decision.NOT_FROM_JAR, Relaunch.decide(false, null, null, false, "train"));
        for (String c : new String[] {"evaluate", "predict", "inspect", "show", "devices", "selftest", "tune", "help", "bogus"}) {
            assertEquals(Decision.COMMAND, Relaunch.decide(false, null, null, true, c), c);
        }
        assertEquals(Decision.COMMAND, Relaunch.decide(false, null, null, true, null), "--help, --version, nothing");
        // The module wins over everything: a JVM that has it never relaunches.
        assertEquals(Decision.MODULE_PRESENT, Relaunch.decide(true, "1", "off", false, null));
    }

    @Test
    void helpAndVersionAreNotWorthASecondJvm() {
        assertEquals("train", Relaunch.computing(new String[] {"train", "--epochs", "1"}));
        assertEquals(null, Relaunch.computing(new String[] {"train", "--help"}));
        assertEquals(null, Relaunch.computing(new String[] {"predict", "-h"}));
        assertEquals(null, Relaunch.computing(new String[] {"evaluate", "-V"}));
        assertEquals(null, Relaunch.computing(new String[] {"--version"}));
    }

    @Test
    void commandIsTheFirstWordAfterTopLevelOptions() {
        assertEquals("train", Main.commandOf(new String[] {"train", "--epochs", "1"}));
        assertEquals("train", Main.commandOf(new String[] {"--stacktrace", "train"}));
        assertEquals(null, Main.commandOf(new String[] {}));
        assertEquals(null, Main.commandOf(new String[] {"--version"}));
        assertEquals(null, Main.commandOf(new String[] {"help", "train"}));
        assertEquals(null, Main.commandOf(new String[] {"--bogus", "train"}));
        assertEquals(null, Main.commandOf(new String[] {"@args.txt"}));
        assertEquals(null, Main.commandOf(new String[] {"Train"}));
    }

    @Test
    void jvmOptionsAreWhatComesBeforeDashJarWhenTheRestIsExactlyTheArguments() {
        String[] args = {"train", "--epochs", "1"};
        assertEquals(Optional.of(List.of("-Xmx1g", "-Dclnn.cpu=fast")), Relaunch.jvmOptions(
                List.of("-Xmx1g", "-Dclnn.cpu=fast", "-jar", "target/engine.jar", "train", "--epochs", "1"), args));
        assertEquals(Optional.of(List.of()), Relaunch.jvmOptions(List.of("-jar", "e.jar", "train", "--epochs", "1"), args));
        assertEquals("e.jar", Relaunch.jar(List.of("-jar", "e.jar", "train", "--epochs", "1"), args));
        // An option whose value is "-jar" is still an option: only the position decides.
        assertEquals(Optional.of(List.of("-Dx", "-jar")), Relaunch.jvmOptions(
                List.of("-Dx", "-jar", "-jar", "e.jar", "train", "--epochs", "1"), args));
        assertEquals(Optional.empty(), Relaunch.jvmOptions(List.of("-cp", "e.jar", "clnn.cli.Main", "train", "--epochs", "1"), args));
        assertEquals(Optional.empty(), Relaunch.jvmOptions(List.of("-jar", "e.jar", "train", "--epochs", "2"), args),
                "a command line that does not end in the arguments is not guessed at");
        assertEquals(Optional.empty(), Relaunch.jvmOptions(List.of(), args));
        assertEquals(Optional.of(List.of()), Relaunch.jvmOptions(List.of("-jar", "e.jar"), new String[0]));
    }

    @Test
    void childCommandPutsTheUsersOptionsAfterTheArchiveAndAddsTheModule() {
        String[] args = {"train", "--out", "x y"};
        assertEquals(List.of("/jdk/bin/java", "-XX:SharedArchiveFile=a.jsa", "-Xmx2g", "--add-modules=jdk.incubator.vector",
                "-cp", "e.jar", "clnn.cli.Main", "train", "--out", "x y"),
                Relaunch.childCommand("/jdk/bin/java", List.of("-Xmx2g"), List.of("-XX:SharedArchiveFile=a.jsa"), "e.jar", args));
        assertEquals(List.of("java", "--add-modules=jdk.incubator.vector", "-cp", "e.jar", "clnn.cli.Main"),
                Relaunch.childCommand("java", List.of(), List.of(), "e.jar", new String[0]));
    }

    /** A child that writes to both streams, with the JVM's warning among its stderr lines, and exits with a code. */
    public static final class Child {
        public static void main(String[] a) {
            System.out.println("out line");
            System.err.println("first");
            System.err.println(IncubatorWarningFilter.WARNING);
            System.err.print("error: last, no newline");
            System.err.flush();
            System.exit(Integer.parseInt(a[0]));
        }
    }

    @Test
    void theChildsExitCodeComesBackAndItsStderrIsFiltered() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), "7");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Process p = Relaunch.start(cmd);
        assertEquals(7, Relaunch.finish(p, err));
        assertEquals("first\nerror: last, no newline", err.toString(StandardCharsets.UTF_8));
        List<String> zero = new ArrayList<>(cmd.subList(0, 4));
        zero.add("0");
        assertEquals(0, Relaunch.finish(Relaunch.start(zero), new ByteArrayOutputStream()));
    }
}
