package consumer;

import clnn.*;
import clnn.data.*;
import java.nio.file.Path;

/**
 * The library example of clnn's README.md, as a user pastes it into a project of their own. The lines between the
 * markers are the README's, verbatim (clnn's ReadmeExampleTest checks that they stay the same).
 */
public final class ReadmeExample {
    private ReadmeExample() {
    }

    public static void main(String[] args) {
        // README begin
LoadedData train = DatasetLoader.defaults().load(Path.of("data/digits-train.mat")); // X, y; 10 -> 0
try (Sequential model = new Sequential(new Input(400),
        new Dense(25, Activation.RELU), new Dense(15, Activation.RELU), new Dense(10, Activation.LINEAR))) {
    System.out.print(model.summary());                       // Total params: 10,575 (41.31 KB)
    model.compile(Loss.sparseCategoricalCrossentropy(true), new Adam(0.001f), Device.cpu());
    History history = model.fit(train.data(), new FitOptions().epochs(40).batchSize(32));
    float[][] logits = model.predict(new float[][] {java.util.Arrays.copyOfRange(train.data().x(), 1015 * 400, 1016 * 400)});
    float[] p = Sequential.softmax(logits[0]);              // probabilities
    int digit = Sequential.argmax(logits[0]);                // 2
    Evaluation e = model.evaluate(train.data());             // loss, accuracy, errors
    model.save(Path.of("model.mat"), train.labels());       // W1,b1,... readable by scipy/Octave; Sequential.load reads it
}
        // README end
    }
}
