package consumer;

import clnn.*;
import clnn.data.*;
import java.nio.file.Path;

/**
 * The library examples of clnn's README.md, as a user pastes them into a project of their own. The lines between the
 * markers "README begin N" and "README end N" are the README's N-th java block, verbatim (clnn's ReadmeExampleTest
 * checks that they stay the same).
 */
public final class ReadmeExample {
    private ReadmeExample() {
    }

    public static void main(String[] args) {
        // README begin 1
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
        // README end 1
    }

    /** The README's second block: callbacks, a continued fit, the optimizer's state and 0-based layers. */
    static void callbacksAndContinuedFit(Sequential model, LoadedData train) {
        // README begin 2
model.compile(Loss.sparseCategoricalCrossentropy(true), new Adam(0.001f), Device.cpu());  // a fresh Adam
Callback log = new Callback() {
    @Override public void onEpochEnd(History.Epoch e) { System.out.printf("epoch %d loss %.4f%n", e.epoch(), e.loss()); }
    @Override public int batchEndEvery() { return 50; }                  // opt in: onBatchEnd every 50 batches
    @Override public void onBatchEnd(int epoch, int batches, double runningLoss) { }
    @Override public boolean stopTraining() { return false; }             // true: stop after this epoch
};
model.fit(train.data(), new FitOptions().epochs(2).verbose(0).callbacks(log));
model.fit(train.data(), new FitOptions().epochs(4).initialEpoch(2).verbose(0));   // continues: same as epochs(4)
OptimizerState adam = model.optimizerState();     // step, m, v; set with setOptimizerState
float[][] firstKernel = model.kernel(0);          // 400 x 25, Keras's model.layers[0].kernel
        // README end 2
        if (adam.step() != 4L * 157 || firstKernel.length != 400 || firstKernel[0].length != 25) {
            throw new AssertionError("4 epochs of 157 steps and a 400 x 25 first kernel, got step " + adam.step());
        }
    }
}
