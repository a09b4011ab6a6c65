package clnn.data.image;

import clnn.Activation;
import clnn.Adam;
import clnn.Dense;
import clnn.FitOptions;
import clnn.Input;
import clnn.Loss;
import clnn.Sequential;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import clnn.data.LoadedData;
import java.nio.file.Path;

/** The reference network trained 40 epochs on the bundled digits, and the held-out digits read the same way. */
record ReferenceModel(Sequential model, Dataset test) {
    static ReferenceModel train() {
        LoadedData train = DatasetLoader.defaults().load(Path.of("data/digits-train.mat"));
        Dataset test = DatasetLoader.matching("X", "y", train.labels(), 10).load(Path.of("data/digits-test.mat")).data();
        Sequential model = new Sequential(new Input(400), new Dense(25, Activation.RELU), new Dense(15, Activation.RELU),
                new Dense(10, Activation.LINEAR));
        model.compile(Loss.sparseCategoricalCrossentropy(true), new Adam());
        model.fit(train.data(), new FitOptions().epochs(40).verbose(0));
        return new ReferenceModel(model, test);
    }
}
