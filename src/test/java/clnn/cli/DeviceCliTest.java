package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.opencl.ClDevice;
import clnn.backend.opencl.OpenClDevices;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** --device on the command line: the devices listing, and one-line failures with exit code 2. */
class DeviceCliTest {
    @Test
    void devicesListsTheTestDevice() {
        ClDevice d = OpenClDevices.testDevice();
        CliRun r = CliRun.of("devices");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains(d.name()) && r.out().contains("compute units") && r.out().contains("OpenCL C"),
                r.toString());
    }

    @Test
    void gpuWithoutAGpuIsOneLineAndExitTwo() {
        ClDevice d = OpenClDevices.testDevice();
        Assumptions.assumeFalse(d.gpu(), "this machine has a GPU");
        CliRun r = CliRun.of("train", "--device", "gpu", "--epochs", "1");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.oneErrorLine() && r.err().contains("no OpenCL GPU found") && r.err().contains(d.name())
                && r.err().contains("--device cpu"), r.toString());
    }

    @Test
    void aDeviceIndexThatDoesNotExist() {
        OpenClDevices.testDevice();
        CliRun r = CliRun.of("train", "--device", "opencl:99", "--epochs", "1");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.oneErrorLine() && r.err().contains("no OpenCL device 99"), r.toString());
    }

    @Test
    void autoSaysWhichPathItTook(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        OpenClDevices.testDevice();
        // A fresh folder per run: --out refuses a folder that holds an earlier run's model.mat.
        CliRun r = CliRun.of("train", "--device", "auto", "--epochs", "1", "--verbose", "2", "--out",
                dir.resolve("auto").toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("device auto:") && r.out().contains("device: "), r.toString());
        // One epoch is counted as one, and the line says which path ran the steps.
        assertTrue(r.out().contains("trained 1 epoch in ") && r.out().contains(" steps; fused: "), r.out());
    }

    @Test
    void fusionOffRunsEveryOpAndSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CliRun r = CliRun.of("train", "--device", "cpu", "--epochs", "1", "--fusion", "off", "--verbose", "2", "--out",
                dir.resolve("off").toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("unfused: 4 calls per step (fusion off)"), r.out());
        CliRun bad = CliRun.of("train", "--fusion", "sometimes", "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("--fusion sometimes is not a choice; use auto or off"), bad.err());
    }
}
