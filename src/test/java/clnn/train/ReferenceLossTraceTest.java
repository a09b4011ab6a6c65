package clnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import clnn.backend.Backend;
import clnn.check.LossTrace;
import clnn.check.Tolerances;
import clnn.backend.cpu.CpuBackend;
import clnn.backend.cpu.FastCpuBackend;
import clnn.backend.cpu.VectorCpuBackend;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The reference trace against the numbers pinned in {@link PinnedLossTrace}: the reference within a
 * few ulp, the CPU twins within the twins' tolerance. (OpenCL: TrainingParityTest.)
 */
class ReferenceLossTraceTest {
    static Dataset digits() {
        return DatasetLoader.defaults().load(Path.of("data/digits-train.mat")).data();
    }

    @Test
    void theReferenceReproducesThePinnedTrace() {
        Dataset d = digits();
        LossTrace trace = LossTrace.reference(d.features(), d.classes(), PinnedLossTrace.EPOCH_LOSSES.length);
        double[] actual;
        try (Backend reference = new CpuBackend()) {
            actual = trace.run(reference, d);
        }
        assertEquals(PinnedLossTrace.EPOCH_LOSSES.length, actual.length);
        PinnedLossTrace.assertTrace("the reference", PinnedLossTrace.EPOCH_LOSSES, actual, Tolerances.PINNED_TRACE);
    }

    @Test
    void theCpuTwinsFollowThePinnedTrace() {
        Dataset d = digits();
        LossTrace trace = LossTrace.reference(d.features(), d.classes(), PinnedLossTrace.EPOCH_LOSSES.length);
        try (Backend fast = new FastCpuBackend(); Backend vector = new VectorCpuBackend()) {
            PinnedLossTrace.assertTrace(fast.description(), PinnedLossTrace.EPOCH_LOSSES, trace.run(fast, d),
                    Tolerances.TRACE);
            PinnedLossTrace.assertTrace(vector.description(), PinnedLossTrace.EPOCH_LOSSES, trace.run(vector, d),
                    Tolerances.TRACE);
        }
    }
}
