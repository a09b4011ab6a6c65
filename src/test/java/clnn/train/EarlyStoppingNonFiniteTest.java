package clnn.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Adam;
import clnn.FitOptions;
import clnn.TrainingDivergedException;
import clnn.backend.Backend;
import clnn.backend.cpu.FastCpuBackend;
import clnn.data.Dataset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A validation loss that is NaN or infinite never beats the best so far, so early stopping used to
 * end with its zero-filled "best" buffer copied into the model. It is a divergence instead, and the
 * caller's weights are left as they were.
 */
class EarlyStoppingNonFiniteTest {
    /** Validation rows of 3e38: finite floats whose logits overflow to infinity. */
    static Dataset hugeValidation() {
        Dataset d = TrainerTest.data().select(new int[] {0, 1, 2, 3}, "val");
        float[] x = d.x().clone();
        Arrays.fill(x, 3e38f);
        return new Dataset(x, d.y(), d.features(), d.classes(), "huge val");
    }

    @Test
    void aNonFiniteValidationLossIsADivergenceNotAZeroModel() {
        float[] params = TrainerTest.initialParams();
        float[] before = params.clone();
        try (Backend b = new FastCpuBackend()) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () ->
                    new Trainer(b, TrainerTest.SHAPE, new Adam(0.01f)).fit(params, TrainerTest.data(), hugeValidation(),
                            new FitOptions().epochs(5).earlyStoppingPatience(2).verbose(0).plan(), TrainingListener.SILENT));
            assertTrue(e.getMessage().contains("epoch 1") && e.getMessage().contains("validation loss")
                    && e.getMessage().contains("scale the features"), e.getMessage());
        }
        assertTrue(Arrays.equals(before, params), "the caller's weights are untouched by a diverged fit");
        boolean allZero = true;
        for (float p : params) allZero &= p == 0f;
        assertTrue(!allZero, "never the zero-filled buffer");
    }
}
