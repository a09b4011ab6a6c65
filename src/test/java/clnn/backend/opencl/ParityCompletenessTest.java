package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import clnn.backend.Backend;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every Backend operation has a parity test: a method added to Backend fails this test until some
 * test class declares, with {@link CoversOps}, that it compares the new op against the reference.
 */
class ParityCompletenessTest {
    /** Methods that describe or manage the backend rather than compute. */
    private static final Set<String> NOT_OPS = Set.of("description", "counters", "close");

    private static final Class<?>[] PARITY_TESTS = {GemmParityTest.class, SoftmaxAdamParityTest.class,
        DenseTailParityTest.class, TrainingParityTest.class};

    @Test
    void everyBackendOpHasAParityTest() {
        Set<String> ops = new TreeSet<>();
        for (Method m : Backend.class.getMethods()) {
            if (!NOT_OPS.contains(m.getName())) ops.add(m.getName());
        }
        Set<String> covered = new TreeSet<>();
        for (Class<?> t : PARITY_TESTS) covered.addAll(Arrays.asList(t.getAnnotation(CoversOps.class).value()));
        Set<String> missing = new TreeSet<>(ops);
        missing.removeAll(covered);
        assertEquals(Set.of(), missing, "Backend ops without an OpenCL parity test (covered: " + covered + ")");
    }
}
