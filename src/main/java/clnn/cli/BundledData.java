package clnn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The bundled digits wherever engine.jar is run. In the checkout they are {@code data/digits-*.mat}; engine.jar also
 * carries both files as resources ({@code clnn/data/...}, added by the shade plugin, never by the library jar), so a
 * downloaded jar run from any folder trains, shows and evaluates the default data. The loader reads files, so the
 * resource is copied once into the cache folder under a name that includes its CRC: a newer jar with other data gets
 * its own copy, and an interrupted copy (written to a temporary name, then renamed) is never read.
 */
final class BundledData {
    private BundledData() {
    }

    /**
     * {@code requested} itself unless it is one of the bundled paths, absent from the working folder, and carried by
     * this jar; then the cached copy of the resource. Never throws: when nothing can be copied, the path is returned as
     * given and the loader reports it missing.
     */
    static Path resolve(Path requested) {
        String name = requested.toString().replace('\\', '/');
        if (!name.equals(DataOptions.BUNDLED_TRAIN) && !name.equals(DataOptions.BUNDLED_TEST)) return requested;
        if (Files.exists(requested)) return requested;
        URL url = BundledData.class.getResource("/clnn/" + name);
        if (url == null) return requested;
        try {
            return cachedCopy(url, Path.of(name).getFileName().toString());
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return requested;
        }
    }

    /** Whether {@code file} is a copy made by {@link #resolve} (for the one line that says where the data came from). */
    static boolean isCachedCopy(Path file) {
        Path folder = folder();
        return folder != null && file.toAbsolutePath().startsWith(folder.toAbsolutePath());
    }

    private static Path cachedCopy(URL url, String fileName) throws IOException {
        URLConnection connection = url.openConnection();
        long crc = connection instanceof JarURLConnection jar && jar.getJarEntry() != null ? jar.getJarEntry().getCrc() : -1;
        long size = connection.getContentLengthLong();
        Path folder = folder();
        if (folder == null) folder = Files.createTempDirectory("clnn-data");
        String stem = fileName.substring(0, fileName.length() - ".mat".length());
        Path target = folder.resolve(stem + "-" + Long.toHexString(crc).toLowerCase(Locale.ROOT) + ".mat");
        if (crc >= 0 && Files.isRegularFile(target) && Files.size(target) == size) return target;
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, "." + stem, ".tmp");
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /** {@code $XDG_CACHE_HOME/clnn/data}, else {@code ~/.cache/clnn/data}; null when neither is known. */
    private static Path folder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "clnn", "data");
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache", "clnn", "data");
    }
}
