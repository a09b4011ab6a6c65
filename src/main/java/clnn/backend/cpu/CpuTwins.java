package clnn.backend.cpu;

import clnn.Activation;
import clnn.DeviceException;
import clnn.backend.Backend;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Which CPU backend {@code --device cpu} runs on: the one place that decides.
 *
 * <p>The decision ({@link #choose}):
 * <ul>
 *   <li>{@code -Dclnn.cpu} unset (the default): the Vector API twin ({@link VectorCpuBackend}) when
 *       the JVM was started with {@code --add-modules jdk.incubator.vector}, else the auto-vectorised
 *       twin ({@link FastCpuBackend}). If the module is there but the Vector API twin cannot be loaded
 *       on this JVM, the auto-vectorised twin is used and the notice says so.</li>
 *   <li>{@code -Dclnn.cpu=reference}: the plain reference ({@link CpuBackend}), slow but the
 *       specification (for bisecting a suspected twin bug).</li>
 *   <li>{@code -Dclnn.cpu=fast}: the auto-vectorised twin, even when the module is there.</li>
 *   <li>{@code -Dclnn.cpu=vector}: the Vector API twin. Without the module this is a
 *       {@link DeviceException} naming the missing JVM flag, not a silent fallback: an explicit
 *       request is honoured or refused.</li>
 * </ul>
 * Any other value is a {@link DeviceException} listing the three. Every twin is tested against the
 * reference on every {@link Backend} method (CpuTwinParityTest, CpuTwinCompletenessTest), so the
 * choice changes speed, not results beyond the stated tolerances.
 */
public final class CpuTwins {
    /** The system property that overrides the default choice. */
    public static final String PROPERTY = "clnn.cpu";

    /** The CPU backends, by the name {@code -Dclnn.cpu} gives them. */
    public enum Choice {
        /** The plain reference, {@link CpuBackend}: slow loops, the specification. */
        REFERENCE,
        /** The auto-vectorised twin, {@link FastCpuBackend}: needs no JVM flag. */
        FAST,
        /** The Vector API twin, {@code VectorCpuBackend}: needs {@code --add-modules jdk.incubator.vector}. */
        VECTOR;

        /**
         * The value of {@code -Dclnn.cpu} that asks for this backend.
         *
         * @return the constant's name in lower case: "reference", "fast" or "vector"
         */
        public String setting() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "clnn.backend.cpu.VectorCpuBackend";
    private static final String FUSED_CLASS = "clnn.backend.cpu.FusedSteps";

    private CpuTwins() {
    }

    /**
     * Whether this JVM runs with {@code --add-modules jdk.incubator.vector}.
     *
     * @return true when the module is in the boot layer
     */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * The decision, as a function of the property's value ({@code null} or blank when unset) and
     * whether the Vector API module is present. A pure function, so tests cover every case without JVM flags.
     *
     * @param setting      the value of {@code -Dclnn.cpu}, or null
     * @param vectorModule whether the Vector API module is present
     * @return the backend to open
     * @throws DeviceException when the setting is unknown, or asks for vector without the module
     */
    public static Choice choose(String setting, boolean vectorModule) {
        if (setting == null || setting.isBlank()) return vectorModule ? Choice.VECTOR : Choice.FAST;
        String s = setting.trim().toLowerCase(Locale.ROOT);
        for (Choice c : Choice.values()) {
            if (!c.setting().equals(s)) continue;
            if (c == Choice.VECTOR && !vectorModule) {
                throw new DeviceException("-D" + PROPERTY + "=vector needs the Vector API: start java with "
                        + "--add-modules " + VECTOR_MODULE + ", or use -D" + PROPERTY + "=fast");
            }
            return c;
        }
        throw new DeviceException("-D" + PROPERTY + "=" + setting + " is not a CPU backend; use reference, fast or "
                + "vector, or leave it unset (vector with --add-modules " + VECTOR_MODULE + ", else fast)");
    }

    /**
     * The CPU backend this JVM's {@code -Dclnn.cpu} and modules choose, on every available processor.
     *
     * @param notice receives one line if the Vector API twin was chosen but could not be loaded
     * @return an open backend, owned by the caller
     * @throws DeviceException when {@code -Dclnn.cpu} is invalid for this JVM
     */
    public static Backend open(Consumer<String> notice) {
        return open(notice, 0);
    }

    /**
     * The CPU backend this JVM's {@code -Dclnn.cpu} and modules choose.
     *
     * @param notice  receives one line if the Vector API twin was chosen but could not be loaded
     * @param threads the threads a large GEMM may use; 0: every available processor ({@link CpuThreads#resolve})
     * @return an open backend, owned by the caller
     * @throws DeviceException when {@code -Dclnn.cpu} is invalid for this JVM or threads is out of range
     */
    public static Backend open(Consumer<String> notice, int threads) {
        int t = CpuThreads.resolve(threads);
        String setting = System.getProperty(PROPERTY);
        Choice choice = choose(setting, vectorModulePresent());
        if (choice == Choice.VECTOR && (setting == null || setting.isBlank())) {
            try {
                return vector(t);
            } catch (ReflectiveOperationException | LinkageError e) {
                // The module is there but unusable on this JVM: the auto-vectorised twin is always correct.
                notice.accept("device cpu: the Vector API twin could not be loaded (" + e + "); using the "
                        + "auto-vectorised twin");
                return new FastCpuBackend(t);
            }
        }
        return open(choice, t);
    }

    /**
     * A new backend of this kind on every available processor, ignoring {@code -Dclnn.cpu} (internal: for tests
     * and benchmarks that compare the twins).
     *
     * @param choice which backend
     * @return an open backend, owned by the caller
     * @throws DeviceException when the Vector API twin cannot be loaded on this JVM
     */
    public static Backend open(Choice choice) {
        return open(choice, 0);
    }

    /**
     * A new backend of this kind; the Vector API twin is loaded by name, so no other path needs the module.
     *
     * @param choice  which backend
     * @param threads the threads a large GEMM may use (the reference uses one); 0: every available processor
     * @return an open backend, owned by the caller
     * @throws DeviceException when the Vector API twin cannot be loaded on this JVM or threads is out of range
     */
    public static Backend open(Choice choice, int threads) {
        int t = CpuThreads.resolve(threads);
        switch (choice) {
            case REFERENCE:
                return new CpuBackend();
            case FAST:
                return new FastCpuBackend(t);
            case VECTOR:
                try {
                    return vector(t);
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new DeviceException("-D" + PROPERTY + "=vector: the Vector API twin could not be loaded on "
                            + "this JVM (" + e + "); use -D" + PROPERTY + "=fast", e);
                }
            default:
                throw new IllegalStateException(choice.toString());
        }
    }

    /**
     * Starts the JIT warm-up of the Vector API twin's fused steps ({@link FusedSteps#warmUpAsync()}) when a plain
     * {@code --device cpu} would run them: the module is there and {@code -Dclnn.cpu} does not ask for another
     * twin. Otherwise, or if the twin cannot be loaded, a warm-up that does nothing. Safe without the Vector API
     * module: the twin's classes are loaded by name, as in {@link #open(Choice, int)}. Call it as early as possible
     * (before reading the data); the first fused call starts it anyway, later.
     *
     * @return the running warm-up, or one that does nothing
     */
    public static FusedWarmUp warmUpFusedSteps() {
        return warmUp(new Class<?>[0]);
    }

    /**
     * {@link #warmUpFusedSteps()} for a network of {@code widths} (inputs, then each layer's units) and
     * {@code activations} at {@code batch}: nothing when the network does not fuse. The warm-up does not depend on the
     * widths, so an estimate (the input width before the data is read) does no harm.
     *
     * @param widths      inputs, then each layer's units
     * @param activations each layer's activation
     * @param batch       rows per step
     * @return the running warm-up, or one that does nothing
     */
    public static FusedWarmUp warmUpFusedSteps(int[] widths, Activation[] activations, int batch) {
        return warmUp(new Class<?>[] {int[].class, Activation[].class, int.class}, widths, activations, batch);
    }

    private static FusedWarmUp warmUp(Class<?>[] types, Object... args) {
        Choice choice;
        try {
            choice = choose(System.getProperty(PROPERTY), vectorModulePresent());
        } catch (DeviceException e) {
            return FusedWarmUp.none(); // opening the backend will report it
        }
        if (choice != Choice.VECTOR) return FusedWarmUp.none();
        try {
            return (FusedWarmUp) Class.forName(FUSED_CLASS).getMethod("warmUpAsync", types).invoke(null, args);
        } catch (ReflectiveOperationException | LinkageError e) {
            return FusedWarmUp.none();
        }
    }

    private static Backend vector(int threads) throws ReflectiveOperationException {
        return (Backend) Class.forName(VECTOR_CLASS).getDeclaredConstructor(int.class).newInstance(threads);
    }
}
