package clnn.cli;

import clnn.data.DatasetLoader;
import clnn.data.LabelMapping;
import clnn.data.LoadedData;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --data and how to read it: which variables, how labels map, how many classes. */
final class DataOptions {
    static final String BUNDLED_TRAIN = "data/digits-train.mat";
    static final String BUNDLED_TEST = "data/digits-test.mat";

    @Option(names = "--data", paramLabel = "FILE", defaultValue = BUNDLED_TRAIN,
            description = "MAT file (v5/v7) with the samples (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--x-var", paramLabel = "NAME", defaultValue = "X",
            description = "variable holding the features, rows = samples (default: ${DEFAULT-VALUE})")
    String xVar;

    @Option(names = "--y-var", paramLabel = "NAME", defaultValue = "y",
            description = "variable holding the labels, (n,1) or (1,n) (default: ${DEFAULT-VALUE})")
    String yVar;

    @Option(names = "--label-mapping", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (10 -> 0 for ex3-style files: 10 present, 0 absent), none, or last-to-zero "
                    + "(labels 1..K, K -> 0) (default: ${DEFAULT-VALUE})")
    String labelMapping;

    @Option(names = "--classes", paramLabel = "K", defaultValue = "0",
            description = "number of classes (default: largest label + 1)")
    int classes;

    LoadedData load() {
        return loader(xVar, yVar).load(data);
    }

    DatasetLoader loader(String x, String y) {
        return new DatasetLoader(x, y, LabelMapping.parse(labelMapping), classes);
    }

    boolean isBundledDefault() {
        return data.toString().equals(BUNDLED_TRAIN);
    }
}
