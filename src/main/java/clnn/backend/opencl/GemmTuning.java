package clnn.backend.opencl;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What the tuner chose for one device: per shape class, a gemm_blocked configuration or nothing
 * (the launcher's fixed policy, when no configuration beat it). Kept between runs in the user's
 * cache folder, one small properties file per device and driver:
 *
 * <pre>
 *   $XDG_CACHE_HOME/clnn/gemm-&lt;16 hex digits of SHA-256(platform|device|driver)&gt;.properties
 *   (~/.cache/clnn/... without XDG_CACHE_HOME; -Dclnn.cache=DIR overrides both)
 *
 *   format=1
 *   platform=Portable Computing Language
 *   device=pthread-skylake-avx512-Intel(R) Xeon(R) Processor
 *   driver=3.1+debian
 *   tuned=2026-11-28T08:59:00Z
 *   class.small=default
 *   class.narrow=MDIMC=1,NDIMC=1,MWI=8,NWI=32,VWN=16,KWG=64,SA=0,SB=0,GM=1
 *   ...
 * </pre>
 *
 * A file of another format, another device or driver, or naming a configuration that is not a
 * parity-tested candidate is ignored with one warning line: the device runs untuned. With
 * -Dclnn.tuning=off no file is read (benchmarks of the fixed policy).
 */
public final class GemmTuning {
    /** Bumped when the file's meaning changes; a file of another format is ignored. */
    static final int FORMAT = 1;

    /**
     * The shape classes a tuned configuration applies to, each with the shape the tuner times for it.
     * SMALL: under 4 MFLOP (one batch through layer 1: launch-bound); NARROW: n < 64 (the
     * reference network's layer 1 over the whole data set); MEDIUM: under 1 GFLOP (the wide
     * network's layer 1 at batch 256); LARGE: the rest (1024^3 and up).
     */
    enum ShapeClass {
        SMALL(32, 25, 400), NARROW(5000, 25, 400), MEDIUM(256, 512, 784), LARGE(1024, 1024, 1024);

        final int m;
        final int n;
        final int k;

        ShapeClass(int m, int n, int k) {
            this.m = m;
            this.n = n;
            this.k = k;
        }

        static ShapeClass of(int m, int n, int k) {
            double flops = 2.0 * m * n * k;
            if (flops < (1 << 22)) return SMALL;
            if (n < 64) return NARROW;
            if (flops < (1L << 30)) return MEDIUM;
            return LARGE;
        }

        String key() {
            return "class." + name().toLowerCase(Locale.ROOT);
        }

        String shape() {
            return m + "x" + n + "x" + k;
        }
    }

    private final Map<ShapeClass, GemmConfig> chosen;
    private final String tuned;

    GemmTuning(Map<ShapeClass, GemmConfig> chosen, String tuned) {
        this.chosen = new EnumMap<>(ShapeClass.class);
        this.chosen.putAll(chosen);
        this.tuned = tuned;
    }

    /** No tuning: every class runs the launcher's fixed policy. */
    static final GemmTuning NONE = new GemmTuning(Map.of(), null);

    /** The configuration for a shape class, or null for the fixed policy. */
    GemmConfig config(ShapeClass c) {
        return chosen.get(c);
    }

    boolean isTuned() {
        return tuned != null;
    }

    /** The folder of the cache files. */
    static Path folder() {
        String override = System.getProperty("clnn.cache");
        if (override != null && !override.isBlank()) return Path.of(override);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "clnn");
        return Path.of(System.getProperty("user.home"), ".cache", "clnn");
    }

    static Path file(ClDevice d) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((d.platform() + "|" + d.name() + "|" + d.driver()).getBytes(StandardCharsets.UTF_8));
            return folder().resolve("gemm-" + HexFormat.of().formatHex(h, 0, 8) + ".properties");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Files already warned about in this JVM: a damaged cache is reported once, not per backend opened. */
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    /** The device's cached tuning, or NONE (missing: silently; unusable: with one line to {@code warn}). */
    static GemmTuning load(ClDevice d, Consumer<String> warn) {
        // Benchmarks compare the tuned kernel with the fixed policy in one cache: -Dclnn.tuning=off.
        if ("off".equals(System.getProperty("clnn.tuning"))) return NONE;
        Path f = file(d);
        if (!Files.isRegularFile(f)) return NONE;
        String why = null;
        GemmTuning t = NONE;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
            why = problem(p, d);
            if (why == null) {
                Map<ShapeClass, GemmConfig> chosen = new EnumMap<>(ShapeClass.class);
                for (ShapeClass c : ShapeClass.values()) {
                    String v = p.getProperty(c.key(), "default").trim();
                    if (v.equals("default")) continue;
                    GemmConfig g = GemmConfig.parse(v);
                    if (g == null) {
                        why = c.key() + " names '" + v + "', not a tested configuration";
                        break;
                    }
                    chosen.put(c, g);
                }
                if (why == null) t = new GemmTuning(chosen, p.getProperty("tuned", "?"));
            }
        } catch (IOException | IllegalArgumentException e) {
            why = "unreadable (" + e.getMessage() + ")";
        }
        if (why != null) {
            if (WARNED.add(f)) {
                warn.accept("warning: ignoring the GEMM tuning cache " + f + ": " + why + "; run 'java -jar engine.jar tune --device "
                        + d.index() + "' to tune again");
            }
            return NONE;
        }
        return t;
    }

    private static String problem(Properties p, ClDevice d) {
        String format = p.getProperty("format");
        if (format == null) return "no format line";
        if (!format.trim().equals(Integer.toString(FORMAT))) return "format " + format.trim() + ", this engine reads " + FORMAT;
        if (!d.name().equals(p.getProperty("device")) || !d.platform().equals(p.getProperty("platform"))
                || !d.driver().equals(p.getProperty("driver"))) {
            return "it is for '" + p.getProperty("device") + "' driver " + p.getProperty("driver") + ", not '" + d.name()
                    + "' driver " + d.driver();
        }
        return null;
    }

    /** Writes the file (atomically: a reader never sees half of it). */
    void save(ClDevice d) throws IOException {
        Path f = file(d);
        Files.createDirectories(f.getParent());
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("platform", d.platform());
        p.setProperty("device", d.name());
        p.setProperty("driver", d.driver());
        p.setProperty("tuned", tuned == null ? "?" : tuned);
        for (ShapeClass c : ShapeClass.values()) {
            GemmConfig g = chosen.get(c);
            p.setProperty(c.key(), g == null ? "default" : g.toString());
        }
        Path tmp = Files.createTempFile(f.getParent(), "gemm-", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "clnn GEMM tuning (engine tune); delete the file to forget it");
        }
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        WARNED.remove(f);
    }

    /**
     * The device's tuning in one line, for {@code engine devices}.
     *
     * @param d the device whose cache entry is read (an unusable cache reads as not tuned, silently)
     * @return "GEMM tuned TIME: narrow=blocked medium=default ..." or "GEMM not tuned (java -jar engine.jar tune --device N)"
     */
    public static String status(ClDevice d) {
        GemmTuning t = load(d, w -> { });
        if (!t.isTuned()) return "GEMM not tuned (java -jar engine.jar tune --device " + d.index() + ")";
        StringBuilder s = new StringBuilder("GEMM tuned " + t.tuned + ":");
        for (ShapeClass c : ShapeClass.values()) {
            GemmConfig g = t.config(c);
            s.append(' ').append(c.name().toLowerCase(Locale.ROOT)).append('=').append(g == null ? "default" : "blocked");
        }
        return s.toString();
    }
}
