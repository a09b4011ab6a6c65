package clnn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Device;
import clnn.DeviceException;
import clnn.backend.Backend;
import clnn.backend.Backends;
import org.junit.jupiter.api.Test;

/** The thread count from Device (and --threads) to the CPU twins: default, explicit, refused. */
class CpuThreadsTest {
    @Test
    void theDefaultIsEveryAvailableProcessor() {
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(cpus, CpuThreads.resolve(0));
        assertEquals(0, Device.cpu().threads());
        try (Backend b = Backends.open(Device.cpu(), s -> { })) {
            assertEquals(cpus, ((VectorCpuBackend) b).threads(), b.description());
        }
    }

    @Test
    void anExplicitCountReachesTheBackendThatTheDeviceOpens() {
        try (Backend b = Backends.open(Device.cpu().withThreads(3), s -> { })) {
            assertEquals(3, ((VectorCpuBackend) b).threads());
            assertTrue(b.description().contains("3 threads"), b.description());
        }
        try (Backend b = CpuTwins.open(CpuTwins.Choice.FAST, 2)) {
            assertEquals(2, ((FastCpuBackend) b).threads());
        }
        assertEquals(Device.parse("cpu").withThreads(2), Device.cpu().withThreads(2));
    }

    @Test
    void aNegativeOrAbsurdCountIsOneLineRefusal() {
        DeviceException negative = assertThrows(DeviceException.class, () -> Device.cpu().withThreads(-1));
        assertTrue(negative.getMessage().contains("--threads -1"), negative.getMessage());
        DeviceException huge = assertThrows(DeviceException.class, () -> CpuThreads.resolve(CpuThreads.MAX + 1));
        assertTrue(huge.getMessage().contains("use 1 to " + CpuThreads.MAX), huge.getMessage());
        assertTrue(!huge.getMessage().contains("\n"));
    }
}
