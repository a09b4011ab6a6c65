package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jmatio.io.MatFileReader;
import com.jmatio.types.MLChar;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import clnn.Activation;
import clnn.Dense;
import clnn.Input;
import clnn.Sequential;
import clnn.data.DatasetLoader;
import clnn.data.LoadedData;
import org.junit.jupiter.api.Test;

/** What a library user gets from the one clnn dependency: the README's example runs, and nothing of the CLI comes along. */
class ReadmeExampleTest {
    @Test
    void theCommandLineAndPlotLibrariesAreNotInherited() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.knowm.xchart.XYChart"));
    }

    @Test
    void theReadmeExampleTrainsAndSavesAModelThatRecordsTheRealVersion() throws Exception {
        // The README's paths are relative to a folder holding data/digits-train.mat, as a user's project would.
        Path data = Path.of(System.getProperty("clnn.dataDir"), "digits-train.mat");
        Files.createDirectories(Path.of("data"));
        Files.copy(data, Path.of("data/digits-train.mat"), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(Path.of("model.mat"));

        ReadmeExample.main(new String[0]);

        assertTrue(Files.size(Path.of("model.mat")) > 10_000, "model.mat written");
        MLChar version = (MLChar) new MatFileReader(new File("model.mat")).getMLArray("clnn_version");
        String expected = clnn.Sequential.class.getPackage().getImplementationVersion();
        assertEquals(System.getProperty("clnn.expectedVersion"), expected, "the jar's manifest carries the version");
        assertEquals(expected, version.getString(0), "clnn_version of the saved model");
    }

    @Test
    void theReadmesCallbacksAndContinuedFitRun() throws Exception {
        LoadedData train = DatasetLoader.defaults().load(Path.of(System.getProperty("clnn.dataDir"), "digits-train.mat"));
        try (Sequential model = new Sequential(new Input(400), new Dense(25, Activation.RELU),
                new Dense(15, Activation.RELU), new Dense(10, Activation.LINEAR))) {
            ReadmeExample.callbacksAndContinuedFit(model, train);
        }
    }
}
