package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.cli.Main;
import clnn.CheckpointFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jocl.CL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device that fails in the middle of training (a GPU reset, a dead context: simulated through the
 * backend's test hook, since PoCL cannot provoke it) ends the run with one line and exit code 2,
 * and the last checkpoint survives and resumes on another device.
 */
class DeviceFaultTest {
    @TempDir
    Path dir;

    @AfterEach
    void disarm() {
        OpenClBackend.failSyncNumber = 0;
    }

    static int run(ByteArrayOutputStream err, String... args) {
        return Main.run(args, new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void outOfResourcesAtAReadBackEndsTheRunAndKeepsTheCheckpoint() {
        ClDevice device = OpenClDevices.testDevice();
        Path run = dir.resolve("run");
        // Per epoch with a checkpoint every epoch: 1 metrics read-back + 3 for the checkpoint (params, m, v).
        // Sync 9 is epoch 3's metrics read-back.
        OpenClBackend.injectedStatus = CL.CL_OUT_OF_RESOURCES;
        OpenClBackend.failSyncNumber = 9;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(err, "train", "--device", "opencl:" + device.index(), "--epochs", "5", "--checkpoint-every", "1",
                "--verbose", "0", "--out", run.toString());
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, e);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.contains("CL_OUT_OF_RESOURCES") && e.contains("no longer usable") && e.contains(device.name()), e);
        assertEquals(2, CheckpointFiles.load(run).state().epochsDone(), "the checkpoint of epoch 2 survives");
        OpenClBackend.failSyncNumber = 0;
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(0, run(err2, "train", "--resume", run.toString(), "--device", "cpu", "--verbose", "0"),
                err2.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailureAtFinishIsOneLineToo() {
        OpenClDevices.testDevice();
        try (OpenClBackend b = OpenClDevices.open()) {
            OpenClBackend.injectedStatus = CL.CL_OUT_OF_RESOURCES;
            OpenClBackend.failSyncNumber = 1;
            clnn.DeviceException ex = org.junit.jupiter.api.Assertions.assertThrows(clnn.DeviceException.class, b::finish);
            assertTrue(ex.getMessage().contains("clFinish") && ex.getMessage().contains("CL_OUT_OF_RESOURCES"),
                    ex.getMessage());
        }
    }
}
