package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader is called absent only when that is certain; JOCL's own (noisy) attempt decides every other case. */
class LoaderProbeTest {
    @TempDir
    Path dir;

    private Path cache(String names) throws Exception {
        return Files.write(dir.resolve("ld.so.cache"), ("ld.so-1.7.0\0glibc-ld.so.cache1.1\0" + names)
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aCacheNamingTheLoaderMeansPresent() throws Exception {
        Path cache = cache("libc.so.6\0libOpenCL.so.1\0libm.so.6\0");
        assertFalse(LoaderProbe.certainlyMissing(cache, List.of()));
    }

    @Test
    void aCacheWithoutItAndNoFolderHoldingItMeansMissing() throws Exception {
        Path cache = cache("libc.so.6\0libm.so.6\0");
        assertTrue(LoaderProbe.certainlyMissing(cache, List.of(Files.createDirectories(dir.resolve("lib")))));
    }

    @Test
    void aLoaderInAFolderOutsideTheCacheMeansPresent() throws Exception {
        Path cache = cache("libc.so.6\0");
        Path lib = Files.createDirectories(dir.resolve("opt-lib"));
        Files.writeString(lib.resolve("libOpenCL.so.1"), "not really a library");
        assertFalse(LoaderProbe.certainlyMissing(cache, List.of(dir.resolve("lib"), lib)));
    }

    @Test
    void anUnreadableCacheMeansUnknownSoJoclDecides() {
        assertFalse(LoaderProbe.certainlyMissing(dir.resolve("no-such-cache"), List.of()));
    }

    @Test
    void thisMachinesAnswerAgreesWithJocl() {
        // Where OpenCL devices were found (CI always has PoCL), the loader is certainly not missing.
        boolean found;
        try {
            found = !OpenCl.devices().isEmpty();
        } catch (clnn.DeviceException e) {
            found = false;
        }
        if (found) assertFalse(LoaderProbe.certainlyMissing());
    }
}
