package clnn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Activation;
import clnn.Adam;
import clnn.Dense;
import clnn.Evaluation;
import clnn.FitOptions;
import clnn.History;
import clnn.Input;
import clnn.Loss;
import clnn.Sequential;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import clnn.data.LoadedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The reference workload end to end on the bundled digits: Keras's notebook, through the public API. */
class EndToEndTest {
    @Test
    void fortyEpochsOnTheBundledDigits() {
        LoadedData train = DatasetLoader.defaults().load(Path.of("data/digits-train.mat"));
        Dataset test = DatasetLoader.matching("X", "y", train.labels(), 10).load(Path.of("data/digits-test.mat"))
                .data();
        try (Sequential model = new Sequential(new Input(400), new Dense(25, Activation.RELU),
                new Dense(15, Activation.RELU), new Dense(10, Activation.LINEAR))) {
            model.compile(Loss.sparseCategoricalCrossentropy(true), new Adam(0.001f));
            History h = model.fit(train.data(), new FitOptions().epochs(40).batchSize(32).verbose(0));
            Evaluation onTrain = model.evaluate(train.data());
            Evaluation onTest = model.evaluate(test);
            String report = "loss " + h.loss()[0] + " -> " + h.last().loss() + ", " + onTrain.errors()
                    + " training errors, test accuracy " + onTest.accuracy();
            assertTrue(h.last().loss() < h.loss()[0] / 10, report);
            assertTrue(onTrain.errors() <= 50, "at most 1% training errors: " + report);
            assertTrue(onTest.accuracy() >= 0.90, "at least 90% on held-out digits: " + report);
            assertTrue(test.rows() == 5000 && train.data().rows() == 5000, "bundled sizes");
        }
    }
}
