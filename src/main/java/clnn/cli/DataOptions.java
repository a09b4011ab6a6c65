package clnn.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * --data and which of its variables (or columns) hold the samples and the labels (how labels map:
 * {@link LabelOptions}). The format is told by the file's content: MAT, NumPy .npz or .npy, CSV.
 */
final class DataOptions {
    static final String BUNDLED_TRAIN = "data/digits-train.mat";
    static final String BUNDLED_TEST = "data/digits-test.mat";

    /** The file to read: as given, or engine.jar's copy of a bundled file absent from this folder ({@link BundledData}). */
    Path data = Path.of(BUNDLED_TRAIN);
    private String given = BUNDLED_TRAIN;

    @Option(names = "--data", paramLabel = "FILE", defaultValue = BUNDLED_TRAIN,
            description = "data file: MAT (v5/v7) or NumPy .npz with variables X and y; a NumPy .npy of X, the labels "
                    + "then read from y.npy next to it (the name from --y-var); or CSV with a header row, labels in "
                    + "--label-column, every other column a feature (default: ${DEFAULT-VALUE}, which engine.jar also carries)")
    void data(Path file) {
        given = file.toString();
        data = BundledData.resolve(file);
    }

    @Option(names = "--x-var", paramLabel = "NAME", defaultValue = "X",
            description = "variable (MAT) or array (.npz) holding the features, rows = samples (default: "
                    + "${DEFAULT-VALUE})")
    String xVar;

    @Option(names = "--y-var", paramLabel = "NAME", defaultValue = "y",
            description = "variable or array holding the labels, (n,1), (1,n) or (n,); for a .npy --data, the labels' "
                    + "file NAME.npy next to it (default: ${DEFAULT-VALUE})")
    String yVar;

    @Option(names = "--label-column", paramLabel = "NAME", defaultValue = clnn.data.DatasetLoader.DEFAULT_LABEL_COLUMN,
            description = "CSV data: the header name of the column holding the labels; every other column is a "
                    + "feature (default: ${DEFAULT-VALUE})")
    String labelColumn;

    boolean isBundledDefault() {
        return given.equals(BUNDLED_TRAIN);
    }
}
