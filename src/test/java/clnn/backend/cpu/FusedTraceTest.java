package clnn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import clnn.Fusion;
import clnn.check.LossTrace;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The reference workload's 40-epoch loss trace on the Vector API twin with its steps fused and unfused: the same
 * numbers, epoch by epoch, because the fused steps do the per-op twin's float operations in its order. (Against the
 * reference, which sums without FMA, both follow the pinned trace within Tolerances.TRACE: ReferenceLossTraceTest,
 * whose twin run is fused.)
 */
class FusedTraceTest {
    @Test
    void fortyEpochsFusedAreFortyEpochsUnfused() {
        Dataset d = DatasetLoader.defaults().load(Path.of("data/digits-train.mat")).data();
        LossTrace trace = LossTrace.reference(d.features(), d.classes(), 40);
        double[] fused;
        double[] unfused;
        try (VectorCpuBackend vector = new VectorCpuBackend()) {
            fused = trace.withFusion(Fusion.AUTO).run(vector, d);
            assertEquals(40, vector.counters().launches(), "one fused call per epoch");
        }
        try (VectorCpuBackend vector = new VectorCpuBackend()) {
            unfused = trace.withFusion(Fusion.OFF).run(vector, d);
        }
        assertArrayEquals(unfused, fused);
    }
}
