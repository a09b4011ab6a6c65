package clnn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import clnn.backend.Backend;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link Backend} method is compared, on every CPU twin, against the reference: a method added
 * to Backend, or a twin added to {@link CpuTwins.Choice}, fails here until a test method says, with
 * {@link ComparesOps}, that it compares it, and runs over {@link Twins#all}. EJML-style, the number
 * of methods compared is asserted, so the guard itself cannot silently shrink.
 */
class CpuTwinCompletenessTest {
    private static final Class<?>[] PARITY_TESTS = {FastCpuBackendTest.class, CpuTwinParityTest.class};

    @Test
    void everyBackendMethodIsComparedOnEveryTwin() {
        Set<String> methods = new TreeSet<>();
        for (Method m : Backend.class.getMethods()) methods.add(m.getName());
        Set<String> compared = new TreeSet<>();
        for (Class<?> t : PARITY_TESTS) {
            for (Method m : t.getDeclaredMethods()) {
                ComparesOps ops = m.getAnnotation(ComparesOps.class);
                if (ops == null) continue;
                // Compared on every twin: the test method runs over Twins.all().
                MethodSource source = m.getAnnotation(MethodSource.class);
                assertEquals(List.of("clnn.backend.cpu.Twins#all"), source == null ? List.of() : List.of(source.value()),
                        t.getSimpleName() + "." + m.getName() + " must run on every twin");
                compared.addAll(Arrays.asList(ops.value()));
            }
        }
        Set<String> missing = new TreeSet<>(methods);
        missing.removeAll(compared);
        assertEquals(Set.of(), missing, "Backend methods no CPU twin is compared on (compared: " + compared + ")");
        Set<String> unknown = new TreeSet<>(compared);
        unknown.removeAll(methods);
        assertEquals(Set.of(), unknown, "@ComparesOps names that are not Backend methods");
        // 13 names (upload is two overloads, both compared): update with the interface, never lower.
        assertEquals(13, compared.size(), "compared " + compared);
    }

    @Test
    void everyTwinIsUnderTest() {
        Set<String> underTest = Twins.all().map(CpuTwins.Choice::setting).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("fast", "vector"), underTest);
        // Each twin is a Backend of its own, not a subclass of the reference (which is final).
        for (CpuTwins.Choice c : CpuTwins.Choice.values()) {
            try (Backend b = CpuTwins.open(c)) {
                assertEquals(Object.class, b.getClass().getSuperclass(), b.getClass().getName());
            }
        }
        assertEquals(true, java.lang.reflect.Modifier.isFinal(CpuBackend.class.getModifiers()));
    }
}
