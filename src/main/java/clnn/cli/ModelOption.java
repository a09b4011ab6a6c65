package clnn.cli;

import clnn.data.DatasetLoader;
import clnn.ModelFiles;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --model FILE: a model.mat written by train --out. */
final class ModelOption {
    @Option(names = "--model", paramLabel = "FILE", required = true, description = "model.mat (or model.npz) written by train --out")
    Path model;

    ModelFiles.Loaded load() {
        return ModelFiles.load(model);
    }

    /**
     * A loader that reads data the way the model was trained: the model's input width (checked first, so data of
     * another width is refused for its width, not for its labels), the same label mapping, the model's class count.
     */
    DatasetLoader matchingLoader(ModelFiles.Loaded m, DataOptions data) {
        return DatasetLoader.matching(data.xVar, data.yVar, m.labels(), m.model().outputs())
                .expectingFeatures(m.model().inputs(), "the model " + Shown.of(model)).withLabelColumn(data.labelColumn);
    }
}
