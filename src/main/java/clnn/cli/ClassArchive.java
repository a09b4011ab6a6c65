package clnn.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;

/**
 * The class data sharing (AppCDS) archive of a relaunched JVM ({@link Relaunch}): the classes a
 * train run loads, parsed and verified once and mapped from a file afterwards.
 *
 * <p>The archive belongs to one jar (its real path, size and modification time) and one Java
 * runtime (java.home and its version), and lives in the user's cache folder
 * ({@code $XDG_CACHE_HOME/clnn}, else {@code ~/.cache/clnn}; {@code -Dclnn.cds.dir=DIR} elsewhere).
 * When it is missing, the next {@code train} writes it as the JVM exits
 * ({@code -XX:ArchiveClassesAtExit}, into a temporary file that is renamed into place only after a
 * successful run, since a truncated archive can crash the JVM that maps it); later runs map it
 * ({@code -XX:SharedArchiveFile}). An archive that no longer matches (a rebuilt jar, an updated
 * JDK) is under another name, so it is never used; writing a new one for the same jar path deletes
 * the old ones. The JVM's own CDS messages are turned off on the child: they would reach stdout.
 *
 * <p>{@code -Dclnn.cds=off}, or any CDS or AOT flag of the user's ({@code -Xshare}, {@code
 * -XX:SharedArchiveFile}, ...), leaves the child without one. Any failure here (an unwritable cache
 * folder) only means no archive.
 */
final class ClassArchive {
    static final String PROPERTY = "clnn.cds";
    static final String DIR_PROPERTY = "clnn.cds.dir";
    /** The command whose classes are the archive: the others load a subset of them. */
    static final String DUMPING_COMMAND = "train";
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private final List<String> flags;
    /** Where the dump goes while the child runs, and its final name; null unless dumping. */
    private final Path tmp;
    private final Path target;

    private ClassArchive(List<String> flags, Path tmp, Path target) {
        this.flags = flags;
        this.tmp = tmp;
        this.target = target;
    }

    static ClassArchive none() {
        return new ClassArchive(List.of(), null, null);
    }

    /** The JVM flags for the child. */
    List<String> flags() {
        return flags;
    }

    /** Whether the user's JVM options already say something about class sharing. */
    static boolean userDecides(List<String> userOptions) {
        for (String o : userOptions) {
            if (o.startsWith("-Xshare") || o.contains("SharedArchiveFile") || o.contains("ArchiveClassesAtExit")
                    || o.contains("AutoCreateSharedArchive") || o.contains("AOTCache") || o.contains("AOTMode")
                    || o.contains("SharedClassListFile") || o.contains("DumpLoadedClassList")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The archive's file name: the jar's path and the runtime's folder (one archive each), then what
     * makes an archive stale (the jar's size and time, the runtime's version).
     */
    static String fileName(Path realJar, long size, long modifiedMillis, String javaHome, String vmVersion) {
        StringBuilder name = new StringBuilder();
        for (char c : realJar.getFileName().toString().toCharArray()) {
            name.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? c : '_');
        }
        String stamp = size + "/" + modifiedMillis + "/" + vmVersion;
        return name + "-" + hash(realJar + "\0" + javaHome) + "-" + hash(stamp) + ".jsa";
    }

    private static String hash(String s) {
        // Not String.format: it runs in the parent JVM, where java.util.Formatter would be loaded for this alone.
        String h = Integer.toHexString(s.hashCode());
        return "00000000".substring(h.length()) + h;
    }

    static ClassArchive plan(Path jar, String command, List<String> userOptions) {
        if (isOff(System.getProperty(PROPERTY)) || userDecides(userOptions)) return none();
        try {
            Path real = jar.toRealPath();
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            Path dir = folder();
            if (dir == null) return none();
            Path target = dir.resolve(fileName(real, a.size(), a.lastModifiedTime().toMillis(),
                    System.getProperty("java.home"), System.getProperty("java.vm.version")));
            if (Files.isRegularFile(target) && Files.size(target) > 0) {
                return new ClassArchive(concat(List.of("-XX:SharedArchiveFile=" + target), QUIET), null, null);
            }
            if (!DUMPING_COMMAND.equals(command)) return none();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            return new ClassArchive(concat(List.of("-XX:ArchiveClassesAtExit=" + tmp), QUIET), tmp, target);
        } catch (IOException | RuntimeException e) {
            return none();
        }
    }

    static boolean isOff(String setting) {
        return setting != null && List.of("off", "false", "no", "0").contains(setting.trim().toLowerCase(Locale.ROOT));
    }

    private static Path folder() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "clnn");
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache", "clnn");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Whether the child writes an archive (and {@link #afterExit} has one to check and keep). */
    boolean dumping() {
        return tmp != null;
    }

    /**
     * The flags that map the archive just written, with sharing required ({@code -Xshare:on}): a JVM
     * started with them and {@code -version} exits 0 only when the archive maps and matches.
     */
    List<String> checkFlags() {
        return concat(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + tmp), List.of("-Xlog:disable"));
    }

    /**
     * After the child: a dump of a successful run that {@code check} accepts becomes the archive (the
     * same jar path's older ones go). The check matters: a dump cut short (a full disk) may still
     * leave a file, and a JVM that maps a truncated archive crashes.
     */
    void afterExit(int exitCode, java.util.function.Predicate<List<String>> check) {
        if (tmp == null) return;
        try {
            if (exitCode == 0 && Files.isRegularFile(tmp) && Files.size(tmp) > 0 && check.test(checkFlags())) {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                deleteOthers();
            }
        } catch (IOException | RuntimeException e) {
            // No archive this time; the next train tries again.
        } finally {
            abandon();
        }
    }

    /** The child did not run (or failed): its partial dump, if any, goes. */
    void abandon() {
        if (tmp == null) return;
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException | RuntimeException ignored) {
            // a temporary file in a cache folder; the next dump of this jar writes its own
        }
    }

    /** Archives of the same jar path and runtime folder with another stamp: a rebuilt jar's, an updated JDK's. */
    private void deleteOthers() throws IOException {
        String name = target.getFileName().toString();
        String prefix = name.substring(0, name.length() - "00000000.jsa".length());
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target.getParent(), prefix + "*.jsa")) {
            for (Path p : ds) {
                if (!p.getFileName().toString().equals(name)) Files.deleteIfExists(p);
            }
        }
    }
}
