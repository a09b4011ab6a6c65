package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.DeviceFloats;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.backend.opencl.GemmTuning.ShapeClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GEMM tuner and its cache: the cache round-trips, an unusable cache (damaged, another format,
 * another device or driver, an untested configuration) is ignored with one warning line, the
 * tuner's winners are only parity-tested candidates (GemmParityTest runs every case on each), the
 * launcher follows the tuning, and tuning on the test device finishes within its budget.
 */
class GemmTuningTest {
    @TempDir
    Path cache;

    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void useATemporaryCache() {
        System.setProperty("clnn.cache", cache.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("clnn.cache");
    }

    private static Map<ShapeClass, GemmConfig> someChoice(ClDevice d) {
        Map<ShapeClass, GemmConfig> m = new EnumMap<>(ShapeClass.class);
        m.put(ShapeClass.NARROW, GemmConfig.candidates(d).get(0));
        m.put(ShapeClass.LARGE, GemmConfig.candidates(d).get(1));
        return m;
    }

    @Test
    void theCacheRoundTrips() throws IOException {
        ClDevice d = OpenClDevices.testDevice();
        assertFalse(GemmTuning.load(d, warnings::add).isTuned(), "no file: untuned");
        assertTrue(GemmTuning.status(d).contains("not tuned"), GemmTuning.status(d));
        new GemmTuning(someChoice(d), "2026-11-28T00:00:00Z").save(d);
        assertTrue(GemmTuning.file(d).startsWith(cache), GemmTuning.file(d).toString());
        GemmTuning t = GemmTuning.load(d, warnings::add);
        assertTrue(t.isTuned());
        for (ShapeClass c : ShapeClass.values()) assertEquals(someChoice(d).get(c), t.config(c), c.name());
        assertEquals(List.of(), warnings);
        assertTrue(GemmTuning.status(d).startsWith("GEMM tuned 2026-11-28T00:00:00Z"), GemmTuning.status(d));
    }

    @Test
    void anUnusableCacheIsIgnoredWithOneWarningLine() throws IOException {
        ClDevice d = OpenClDevices.testDevice();
        new GemmTuning(someChoice(d), "2026-11-28T00:00:00Z").save(d);
        Path f = GemmTuning.file(d);
        String good = Files.readString(f);
        String[][] damages = {
            {"\u0000\u00ff\\u12garbage", "unreadable"},
            {good.replace("format=1", "format=0"), "format 0"},
            {good.replace("format=1", ""), "no format line"},
            {good.replace("driver=", "driver=9"), "it is for"},
            {good.replace("NWI\\=", "NWI\\=7"), "not a tested configuration"},
        };
        for (String[] damage : damages) {
            Files.writeString(f, damage[0]);
            warnings.clear();
            assertSame(GemmTuning.NONE, GemmTuning.load(d, warnings::add), damage[1]);
            // Warned once per file and JVM: a second backend on the same device stays quiet.
            assertSame(GemmTuning.NONE, GemmTuning.load(d, warnings::add), damage[1]);
            assertEquals(1, warnings.size(), damage[1] + ": " + warnings);
            String w = warnings.get(0);
            assertTrue(w.startsWith("warning: ignoring the GEMM tuning cache") && w.contains(damage[1])
                    && w.contains("java -jar engine.jar tune --device " + d.index()) && !w.contains("\n"), w);
            new GemmTuning(someChoice(d), "2026-11-28T00:00:00Z").save(d); // saving forgets the warning
        }
    }

    @Test
    void theTunerPicksOnlyTestedConfigurationsWithinItsBudgetAndTheLauncherFollows() {
        try (OpenClBackend cl = OpenClDevices.open()) {
            ClDevice d = cl.device();
            Map<ShapeClass, int[]> shapes = new EnumMap<>(ShapeClass.class);
            shapes.put(ShapeClass.SMALL, new int[] {32, 25, 400});
            shapes.put(ShapeClass.NARROW, new int[] {1000, 25, 400});
            long budget = 60_000_000_000L;
            List<String> report = new ArrayList<>();
            long start = System.nanoTime();
            GemmTuning t = GemmTuner.tune(cl, shapes, GemmConfig.candidates(d), budget, report::add);
            long took = System.nanoTime() - start;
            assertTrue(took < budget + 30_000_000_000L, "tuning took " + took / 1e9 + " s");
            assertEquals(2, report.stream().filter(l -> l.contains("policy")).count(), String.join("\n", report));
            for (ShapeClass c : ShapeClass.values()) {
                GemmConfig g = t.config(c);
                assertTrue(g == null || GemmConfig.CANDIDATES.contains(g), c + ": " + g);
                if (!shapes.containsKey(c)) assertNull(g, c + " was not timed");
            }
            // The launcher runs gemm_blocked with the tuned configuration on a call of a tuned class in
            // every transpose form (NN, TN as dW, NT as dA), and the fixed policy on an untuned class.
            Map<ShapeClass, GemmConfig> forced = new EnumMap<>(ShapeClass.class);
            forced.put(ShapeClass.NARROW, GemmConfig.candidates(d).get(0));
            try (DeviceFloats x = cl.allocFloats("x", 1000 * 400); ClContext ctx = new ClContext(d)) {
                Operand o = new Operand(x, 0, 25);
                GemmLauncher probe = new GemmLauncher(ctx, ClProgram.Sources.CLASSPATH);
                probe.tuning(new GemmTuning(forced, "now"));
                Gemm nn = new Gemm(false, false, 1000, 25, 400, new Operand(x, 0, 400), null, o, o, Epilogue.NONE);
                Gemm tn = new Gemm(true, false, 1000, 25, 400, new Operand(x, 0, 1000), null, o, o, Epilogue.NONE);
                assertEquals(GemmLauncher.BLOCKED, probe.choose(nn));
                assertEquals(GemmConfig.candidates(d).get(0), probe.blockedConfig(nn));
                Gemm nt = new Gemm(false, true, 1000, 25, 400, new Operand(x, 0, 400), null, new Operand(x, 0, 400), o,
                        Epilogue.NONE);
                Gemm small = new Gemm(true, false, 17, 9, 33, new Operand(x, 0, 17), null, o, o, Epilogue.NONE);
                for (Gemm g : List.of(tn, nt)) {
                    assertEquals(GemmLauncher.BLOCKED, probe.choose(g), "transposed calls of a tuned class");
                    assertEquals(GemmConfig.candidates(d).get(0), probe.blockedConfig(g));
                }
                assertFalse(probe.choose(small).equals(GemmLauncher.BLOCKED), "an untuned class keeps the fixed policy");
            }
        }
    }

    @Test
    void aSpentBudgetStopsTheTunerAfterThePolicy() {
        try (OpenClBackend cl = OpenClDevices.open()) {
            Map<ShapeClass, int[]> shapes = new EnumMap<>(ShapeClass.class);
            shapes.put(ShapeClass.SMALL, new int[] {17, 9, 33});
            List<String> report = new ArrayList<>();
            GemmTuning t = GemmTuner.tune(cl, shapes, GemmConfig.candidates(cl.device()), 1, report::add);
            assertNull(t.config(ShapeClass.SMALL));
            assertTrue(report.get(0).contains("budget spent"), String.join("\n", report));
        }
    }
}
