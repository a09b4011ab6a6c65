package clnn.backend.opencl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the OpenCL loader (libOpenCL.so.1) is certainly absent on Linux, judged without touching JOCL. When JOCL's
 * native code cannot load the loader it prints two "Could not load libOpenCL.so..." lines of its own (C stdio, which
 * clnn cannot silence), after clnn has already said in one line what is missing and what to install; asking first
 * keeps that one line the only one. The answer is "absent" only when the dynamic linker's cache was read and names no
 * libOpenCL.so and no folder of {@code LD_LIBRARY_PATH} or the usual library folders holds one; anything unknown
 * (another OS, an unreadable cache) answers "maybe present", and JOCL decides as before.
 */
final class LoaderProbe {
    private static final String NAME = "libOpenCL.so";
    private static final List<String> USUAL_FOLDERS = List.of("/lib", "/lib64", "/usr/lib", "/usr/lib64",
            "/usr/local/lib", "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu");

    private LoaderProbe() {
    }

    /** For this process: Linux, {@code /etc/ld.so.cache}, {@code LD_LIBRARY_PATH} and the usual folders. */
    static boolean certainlyMissing() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) return false;
        List<Path> folders = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String f : ld.split(":")) if (!f.isBlank()) folders.add(Path.of(f));
        }
        for (String f : USUAL_FOLDERS) folders.add(Path.of(f));
        return certainlyMissing(Path.of("/etc/ld.so.cache"), folders);
    }

    /**
     * @param linkerCache the dynamic linker's cache file (its entries hold the library names as plain bytes)
     * @param folders     folders where the loader could lie outside the cache
     * @return true only when the cache was read, names no libOpenCL.so, and no folder holds a file of that name
     */
    static boolean certainlyMissing(Path linkerCache, List<Path> folders) {
        byte[] cache;
        try {
            cache = Files.readAllBytes(linkerCache);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (new String(cache, StandardCharsets.ISO_8859_1).contains(NAME)) return false;
        for (Path f : folders) {
            if (Files.exists(f.resolve(NAME + ".1")) || Files.exists(f.resolve(NAME))) return false;
        }
        return true;
    }
}
