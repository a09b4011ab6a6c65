package clnn.cli;

import clnn.data.DatasetLoader;
import clnn.data.LabelMapping;
import picocli.CommandLine.Option;

/**
 * How stored labels become classes: only for commands that read labels on their own terms (train,
 * show). evaluate and predict take both from the model, so they do not offer these options.
 */
final class LabelOptions {
    @Option(names = "--label-mapping", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (10 -> 0 for ex3-style files: 10 present, 0 absent), none, or last-to-zero "
                    + "(labels 1..K, K -> 0) (default: ${DEFAULT-VALUE})")
    String labelMapping;

    /** Absent: automatic. 0 or less is refused, not read as "automatic" (it used to be, silently). */
    @Option(names = "--classes", paramLabel = "K",
            description = "number of classes, 1 to " + OptionRanges.MAX_CLASSES + " (default: largest label + 1)")
    Integer classes;

    void check() {
        if (classes != null) OptionRanges.between("--classes", classes, 1, OptionRanges.MAX_CLASSES);
        LabelMapping.parse(labelMapping);
    }

    /** The loader for {@code data}'s variables (or CSV label column) with this mapping and class count. */
    DatasetLoader loader(DataOptions data) {
        return new DatasetLoader(data.xVar, data.yVar, LabelMapping.parse(labelMapping), classes == null ? 0 : classes)
                .withLabelColumn(data.labelColumn);
    }
}
