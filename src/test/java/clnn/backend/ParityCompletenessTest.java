package clnn.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.check.OpCase;
import clnn.check.OpDescription;
import clnn.check.Ops;
import clnn.backend.cpu.CpuBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing escapes the oracle (EJML's way), found by scanning rather than by a hand-kept list:
 * <ul>
 * <li>every op description in check is in {@link Ops#all} (so {@code engine selftest} runs it);
 * <li>every Backend method is called by some op's case list (so it is compared on every backend);
 * <li>every op is run, by a test class marked {@link CoversOps}, on every Backend implementation in
 *     main other than the reference: OpenCL and both CPU twins.
 * </ul>
 * A method added to Backend, a new description, or a new backend fails here until it is covered.
 */
class ParityCompletenessTest {
    /**
     * Methods that describe or manage the backend rather than compute or move data; fusion only says whether
     * trainSteps is fused (train_steps calls trainSteps itself, and allocRows through the trainer's session).
     */
    private static final Set<String> NOT_OPS = Set.of("description", "counters", "close", "fusion");

    /** Large cases call the same methods as the small cases of the same form; skipped to save a second. */
    private static final long LARGE_FLOPS = 100_000_000L;

    @Test
    void everyDescriptionInThePackageIsRegistered() {
        Set<String> found = new TreeSet<>();
        for (Class<?> c : classesUnder("clnn/check")) {
            if (OpDescription.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                found.add(c.getName());
            }
        }
        Set<String> registered = new TreeSet<>();
        for (OpDescription<?> op : Ops.all()) registered.add(op.getClass().getName());
        assertEquals(found, registered, "op descriptions in check vs Ops.all()");
        assertTrue(found.size() >= 4, "found " + found);
    }

    @Test
    void everyBackendMethodIsCalledByACaseList() {
        Set<String> called = new TreeSet<>();
        try (CpuBackend reference = new CpuBackend()) {
            Backend recording = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                    new Class<?>[] {Backend.class}, (proxy, m, args) -> {
                        called.add(m.getName());
                        try {
                            return m.invoke(reference, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            for (OpDescription<?> op : Ops.all()) {
                for (OpCase c : op.cases()) {
                    if (c.flops() < LARGE_FLOPS) c.run(recording);
                }
            }
        }
        Set<String> ops = new TreeSet<>();
        for (Method m : Backend.class.getMethods()) {
            if (!NOT_OPS.contains(m.getName())) ops.add(m.getName());
        }
        Set<String> missing = new TreeSet<>(ops);
        missing.removeAll(called);
        assertEquals(Set.of(), missing, "Backend methods no case list calls (called: " + called + ")");
    }

    @Test
    void everyOpRunsOnEveryImplementation() {
        Set<String> opNames = new TreeSet<>();
        for (OpDescription<?> op : Ops.all()) opNames.add(op.name());
        List<Class<?>> implementations = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        Path main = location(Backend.class);
        for (Class<?> c : classesUnder("clnn/backend")) {
            boolean inMain = location(c).equals(main);
            if (inMain && Backend.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())
                    && c != CpuBackend.class) {
                implementations.add(c);
            }
            CoversOps covers = c.getAnnotation(CoversOps.class);
            if (covers == null) continue;
            for (String op : covers.ops()) {
                assertTrue(opNames.contains(op), c.getSimpleName() + " names an op that has no description: " + op);
                for (Class<?> b : covers.backends()) covered.add(op + " on " + b.getSimpleName());
            }
        }
        Set<String> missing = new TreeSet<>();
        for (Class<?> impl : implementations) {
            for (String op : opNames) {
                if (!covered.contains(op + " on " + impl.getSimpleName())) missing.add(op + " on " + impl.getSimpleName());
            }
        }
        assertEquals(Set.of(), missing, "ops never compared with the reference on an implementation");
        assertTrue(implementations.size() >= 3, "implementations found: " + implementations);
    }

    @Test
    void caseNamesAreUniqueAndFitABenchmarkParameter() {
        for (OpDescription<?> op : Ops.all()) {
            Set<String> names = new HashSet<>();
            for (OpCase c : op.cases()) {
                assertTrue(names.add(c.name()), op.name() + ": two cases named " + c.name());
                assertFalse(c.name().matches(".*[\\s,=].*"), op.name() + ": " + c.name());
                assertTrue(c.bytes() > 0 && c.flops() >= 0, op.name() + " " + c.name());
            }
            assertFalse(names.isEmpty(), op.name() + " has no cases");
        }
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every class under a package folder, in every class-path directory (main and test classes). */
    private static List<Class<?>> classesUnder(String folder) {
        List<Class<?>> out = new ArrayList<>();
        try {
            Enumeration<URL> roots = ParityCompletenessTest.class.getClassLoader().getResources(folder);
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                assertEquals("file", url.getProtocol(), "classes are scanned from directories: " + url);
                Path dir = Path.of(url.toURI());
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        String f = dir.relativize(p).toString().replace('\\', '/');
                        if (!f.endsWith(".class") || f.contains("$")) continue;
                        String name = (folder + "/" + f).replace('/', '.').replaceAll("\\.class$", "");
                        out.add(Class.forName(name, false, ParityCompletenessTest.class.getClassLoader()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
