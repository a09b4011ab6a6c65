package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Device;
import clnn.backend.Backend;
import clnn.backend.Backends;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OpenCL discovery happens once per JVM and is safe from many threads: before, two threads opening
 * OpenCL backends at the same moment raced and one saw 0 devices ("no OpenCL device found"). Skips
 * without OpenCL, fails under CI=true (OpenClDevices).
 */
class DeviceDiscoveryTest {
    static final int THREADS = 16;

    @Test
    void firstDiscoveryFromSixteenThreadsInAFreshJvmSeesTheSameDevices() throws Exception {
        OpenClDevices.testDevice();
        int expected = OpenCl.devices().size();
        // A child JVM, because this one has already discovered (and kept) its devices.
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), DiscoveryRace.class.getName(), String.valueOf(THREADS));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the child answered");
        String line = out.lines().filter(l -> l.startsWith("counts:")).findFirst().orElse("none: " + out);
        String same = ("counts:" + (" " + expected).repeat(THREADS));
        assertEquals(same, line, "every thread sees the " + expected + " devices this JVM sees");
    }

    @Test
    void sixteenThreadsListDevicesAndOpenBackendsAtOnce() throws Exception {
        ClDevice device = OpenClDevices.testDevice();
        List<ClDevice> all = OpenCl.devices();
        assertTrue(all.size() > 0);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<ClDevice>>> seen = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            seen.add(pool.submit(() -> {
                start.await();
                List<ClDevice> mine = OpenCl.devices();
                try (Backend b = Backends.open(Device.parse("opencl:" + device.index()), s -> { })) {
                    assertTrue(b.description().contains(device.name()), b.description());
                }
                return mine;
            }));
        }
        for (Future<List<ClDevice>> f : seen) assertSame(all, f.get(300, TimeUnit.SECONDS), "the one list of this JVM");
        pool.shutdown();
    }
}
