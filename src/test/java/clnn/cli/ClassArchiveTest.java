package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relaunched JVM's class archive: one per jar and runtime, written by a train run, never half-written. */
class ClassArchiveTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(ClassArchive.DIR_PROPERTY);
        System.clearProperty(ClassArchive.PROPERTY);
    }

    @Test
    void theNameChangesWithTheJarAndTheRuntime() {
        Path jar = Path.of("/opt/clnn/engine.jar");
        String a = ClassArchive.fileName(jar, 100, 5, "/jdk17", "17.0.1");
        assertEquals(a, ClassArchive.fileName(jar, 100, 5, "/jdk17", "17.0.1"));
        assertTrue(a.startsWith("engine.jar-") && a.endsWith(".jsa"), a);
        for (String other : new String[] {ClassArchive.fileName(jar, 101, 5, "/jdk17", "17.0.1"),
            ClassArchive.fileName(jar, 100, 6, "/jdk17", "17.0.1"), ClassArchive.fileName(jar, 100, 5, "/jdk25", "17.0.1"),
            ClassArchive.fileName(jar, 100, 5, "/jdk17", "17.0.2"), ClassArchive.fileName(Path.of("/x/engine.jar"), 100, 5, "/jdk17", "17.0.1")}) {
            assertNotEquals(a, other);
        }
    }

    @Test
    void theUsersOwnSharingFlagsWin() {
        assertTrue(ClassArchive.userDecides(List.of("-Xmx1g", "-Xshare:off")));
        assertTrue(ClassArchive.userDecides(List.of("-XX:SharedArchiveFile=x.jsa")));
        assertTrue(ClassArchive.userDecides(List.of("-XX:AOTCache=app.aot")));
        assertFalse(ClassArchive.userDecides(List.of("-Xmx1g", "-Dclnn.cpu=fast")));
        assertEquals(List.of(), ClassArchive.plan(Path.of("x.jar"), "train", List.of("-Xshare:off")).flags());
    }

    @Test
    void trainDumpsIntoATemporaryThatASuccessfulRunRenames() throws Exception {
        System.setProperty(ClassArchive.DIR_PROPERTY, dir.resolve("cds").toString());
        Path jar = Files.writeString(dir.resolve("engine.jar"), "not really a jar");
        assertEquals(List.of(), ClassArchive.plan(jar, "predict", List.of()).flags(), "only train writes one");
        ClassArchive dump = ClassArchive.plan(jar, "train", List.of());
        String flag = dump.flags().get(0);
        assertTrue(flag.startsWith("-XX:ArchiveClassesAtExit="), dump.flags().toString());
        assertTrue(dump.flags().contains("-Xlog:cds=off"), "the JVM's CDS warnings would reach stdout");
        Path tmp = Path.of(flag.substring(flag.indexOf('=') + 1));
        Files.writeString(tmp, "archive");
        Path stale = Files.writeString(dir.resolve("cds").resolve(tmp.getFileName().toString().substring(1)
                .replaceAll("-[0-9a-f]{8}\\.jsa.*", "-00000000.jsa")), "old");
        List<List<String>> checked = new java.util.ArrayList<>();
        dump.afterExit(0, flags -> checked.add(flags));
        assertEquals(List.of(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + tmp, "-Xlog:disable")), checked,
                "the dump is mapped, with sharing required, before it is kept");
        assertFalse(Files.exists(tmp));
        assertFalse(Files.exists(stale), "the same jar's older archive goes");
        ClassArchive use = ClassArchive.plan(jar, "predict", List.of());
        assertTrue(use.flags().get(0).startsWith("-XX:SharedArchiveFile="), use.flags().toString());
        assertEquals("archive", Files.readString(Path.of(use.flags().get(0).substring("-XX:SharedArchiveFile=".length()))));
    }

    @Test
    void aFailedRunLeavesNoArchive() throws Exception {
        System.setProperty(ClassArchive.DIR_PROPERTY, dir.toString());
        Path jar = Files.writeString(dir.resolve("e.jar"), "x");
        ClassArchive dump = ClassArchive.plan(jar, "train", List.of());
        String flag = dump.flags().get(0);
        Path tmp = Path.of(flag.substring(flag.indexOf('=') + 1));
        Files.writeString(tmp, "partial");
        dump.afterExit(2, flags -> true);
        try (var s = Files.list(dir)) {
            assertEquals(List.of(jar), s.toList());
        }
        ClassArchive rejected = ClassArchive.plan(jar, "train", List.of());
        String f2 = rejected.flags().get(0);
        Files.writeString(Path.of(f2.substring(f2.indexOf('=') + 1)), "truncated");
        rejected.afterExit(0, flags -> false);
        try (var s = Files.list(dir)) {
            assertEquals(List.of(jar), s.toList(), "a dump that does not map is not kept");
        }
        System.setProperty(ClassArchive.PROPERTY, "off");
        assertEquals(List.of(), ClassArchive.plan(jar, "train", List.of()).flags());
    }
}
