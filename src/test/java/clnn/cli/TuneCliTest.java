package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.opencl.OpenClDevices;
import org.junit.jupiter.api.Test;

/** engine tune's one-line failures, and engine devices saying whether a device is tuned. */
class TuneCliTest {
    @Test
    void aDeviceThatDoesNotExistIsOneLine() {
        OpenClDevices.testDevice();
        CliRun r = CliRun.of("tune", "--device", "99");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.oneErrorLine() && r.err().contains("no OpenCL device 99"), r.toString());
        r = CliRun.of("tune", "--device", "first");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.oneErrorLine() && r.err().contains("--device first"), r.toString());
        r = CliRun.of("tune", "--device", "0", "--budget", "0");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.oneErrorLine() && r.err().contains("--budget"), r.toString());
    }

    @Test
    void devicesSaysWhetherEachDeviceIsTuned() {
        OpenClDevices.testDevice();
        CliRun r = CliRun.of("devices");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("GEMM tuned") || r.out().contains("GEMM not tuned (java -jar engine.jar tune --device"), r.toString());
    }
}
