package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Adam;
import clnn.Evaluation;
import clnn.FitOptions;
import clnn.History;
import clnn.check.LossTrace;
import clnn.check.Tolerances;
import clnn.backend.Backend;
import clnn.backend.cpu.CpuBackend;
import clnn.backend.cpu.FastCpuBackend;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import clnn.train.Inference;
import clnn.train.NetworkShape;
import clnn.train.PinnedLossTrace;
import clnn.train.Trainer;
import clnn.train.TrainingListener;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The whole Trainer on OpenCL against the CPU path, on the bundled digits. */
class TrainingParityTest {
    static final NetworkShape SHAPE = LossTrace.referenceNetwork(400, 10);

    static Dataset digits() {
        return DatasetLoader.defaults().load(Path.of("data/digits-train.mat")).data();
    }

    static float[] initial() {
        return clnn.train.Glorot.uniform(SHAPE, 1);
    }

    static History fit(Backend b, float[] params, Dataset d, FitOptions o) {
        return new Trainer(b, SHAPE, new Adam(0.001f)).fit(params, d, null, o.plan(), TrainingListener.SILENT);
    }

    /**
     * The reference trace (3 epochs) on OpenCL: against the reference run live and against the
     * numbers pinned in {@link PinnedLossTrace}, with the twins' tolerance; and what a step costs.
     */
    @Test
    void threeEpochLossTraceMatchesTheReference() {
        Dataset d = digits();
        LossTrace trace = LossTrace.reference(d.features(), d.classes(), 3);
        double[] expected;
        double[] actual;
        long launches;
        long syncs;
        try (Backend cpu = new CpuBackend(); OpenClBackend gpu = OpenClDevices.open()) {
            expected = trace.run(cpu, d);
            long l0 = gpu.counters().launches();
            long s0 = gpu.counters().hostSyncs();
            actual = trace.run(gpu, d);
            launches = gpu.counters().launches() - l0;
            syncs = gpu.counters().hostSyncs() - s0;
        }
        PinnedLossTrace.assertTrace("OpenCL against the reference", expected, actual, Tolerances.TRACE);
        PinnedLossTrace.assertTrace("OpenCL against the pinned trace", PinnedLossTrace.EPOCH_LOSSES, actual,
                Tolerances.TRACE);
        // 157 steps x 4 launches per step (layer 1's forward, the fused dense tail, layer 1's dW, Adam);
        // nothing else is a kernel launch.
        assertEquals(3 * 157 * 4, launches, "kernel launches in 3 epochs");
        // One metrics read per epoch and the final weights: no host sync inside a step.
        assertEquals(3 + 1, syncs, "host syncs in 3 epochs: " + Arrays.toString(actual));
    }

    @Test
    void fortyEpochsReachTheSameQualityAsTheCpuPath() {
        Dataset d = digits();
        float[] cpuParams = initial();
        float[] clParams = initial();
        Evaluation onCpu;
        Evaluation onCl;
        try (Backend cpu = new FastCpuBackend(); OpenClBackend gpu = OpenClDevices.open()) {
            fit(cpu, cpuParams, d, new FitOptions().epochs(40).verbose(0));
            fit(gpu, clParams, d, new FitOptions().epochs(40).verbose(0));
            onCpu = Inference.evaluate(cpu, SHAPE, cpuParams, d);
            onCl = Inference.evaluate(gpu, SHAPE, clParams, d);
        }
        String report = "CPU " + onCpu.errors() + " errors, OpenCL " + onCl.errors() + " errors";
        assertTrue(Math.abs(onCpu.errors() - onCl.errors()) <= 10, report);
        assertTrue(onCl.errors() <= 50, "at most 1% training errors on OpenCL: " + report);
    }
}
