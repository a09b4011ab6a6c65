package clnn.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --data and which of its variables hold the samples and the labels (how labels map: {@link LabelOptions}). */
final class DataOptions {
    static final String BUNDLED_TRAIN = "data/digits-train.mat";
    static final String BUNDLED_TEST = "data/digits-test.mat";

    /** The file to read: as given, or engine.jar's copy of a bundled file absent from this folder ({@link BundledData}). */
    Path data = Path.of(BUNDLED_TRAIN);
    private String given = BUNDLED_TRAIN;

    @Option(names = "--data", paramLabel = "FILE", defaultValue = BUNDLED_TRAIN,
            description = "MAT file (v5/v7) with the samples (default: ${DEFAULT-VALUE})")
    void data(Path file) {
        given = file.toString();
        data = BundledData.resolve(file);
    }

    @Option(names = "--x-var", paramLabel = "NAME", defaultValue = "X",
            description = "variable holding the features, rows = samples (default: ${DEFAULT-VALUE})")
    String xVar;

    @Option(names = "--y-var", paramLabel = "NAME", defaultValue = "y",
            description = "variable holding the labels, (n,1) or (1,n) (default: ${DEFAULT-VALUE})")
    String yVar;

    boolean isBundledDefault() {
        return given.equals(BUNDLED_TRAIN);
    }
}
