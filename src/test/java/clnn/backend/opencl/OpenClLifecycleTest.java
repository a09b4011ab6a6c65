package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Adam;
import clnn.DeviceException;
import clnn.FitOptions;
import clnn.backend.DeviceFloats;
import clnn.data.Dataset;
import clnn.train.Trainer;
import clnn.train.TrainingListener;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Resources and failures of the OpenCL backend: no leaks over many fits, clear errors when things go wrong. */
class OpenClLifecycleTest {
    private static Dataset small() {
        Random r = new Random(2);
        int n = 50;
        float[] x = new float[n * 400];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        for (int i = 0; i < n; i++) y[i] = i % 10;
        return new Dataset(x, y, 400, 10, "small");
    }

    @Test
    void trainingAndClosingFiftyTimesLeaksNothing() {
        ClDevice device = OpenClDevices.testDevice();
        Dataset d = small();
        try (OpenClBackend shared = OpenClBackend.open(device)) {
            long baseline = shared.counters().liveArrays();
            for (int i = 0; i < 50; i++) {
                // A fresh backend per round: context, queue, programs, buffers, kernels, all released.
                try (OpenClBackend b = OpenClBackend.open(device)) {
                    new Trainer(b, TrainingParityTest.SHAPE, new Adam()).fit(TrainingParityTest.initial(), d, null,
                            new FitOptions().epochs(1).verbose(0).plan(), TrainingListener.SILENT);
                    assertEquals(1, b.counters().liveArrays(), "after a fit only the placeholder array is alive");
                    b.close();
                    assertEquals(0, b.counters().liveArrays(), "round " + i);
                    assertEquals(0, b.counters().liveBytes(), "round " + i);
                }
                // And a long-lived backend that fits again and again.
                new Trainer(shared, TrainingParityTest.SHAPE, new Adam()).fit(TrainingParityTest.initial(), d, null,
                        new FitOptions().epochs(1).verbose(0).plan(), TrainingListener.SILENT);
                assertEquals(baseline, shared.counters().liveArrays(), "round " + i);
                assertEquals(0, shared.preparedKernels(), "prepared kernels are released with their arrays");
            }
        }
    }

    @Test
    void aKernelThatDoesNotBuildReportsItsLogDeviceAndOptions() {
        ClDevice device = OpenClDevices.testDevice();
        DeviceException e = assertThrows(DeviceException.class, () -> new OpenClBackend(device,
                file -> file.equals("gemm.cl") ? "kernel void gemm_simple(global float* x) { x[0] = undefined_name; }"
                        : ClProgram.Sources.CLASSPATH.read(file)));
        String m = e.getMessage();
        assertTrue(m.contains("building kernels/activations.cl + kernels/gemm.cl") && m.contains(device.name())
                && m.contains("-DTS=")
                && m.contains("build log") && m.contains("undefined_name"), m);
        assertTrue(!m.contains("\n"), "one line: " + m);
    }

    @Test
    void anAbsurdBufferIsRefusedByName() {
        try (OpenClBackend b = OpenClDevices.open()) {
            DeviceException e = assertThrows(DeviceException.class, () -> b.allocFloats("absurd", Integer.MAX_VALUE));
            assertTrue(e.getMessage().contains("'absurd'") && e.getMessage().contains("8.0 GiB"), e.getMessage());
            try (DeviceFloats ok = b.allocFloats("fine", 10)) {
                assertEquals(10, ok.length(), "the backend still works after a refused allocation");
            }
        }
    }
}
