package clnn.cli;

import clnn.data.Dataset;
import clnn.viz.Figures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** engine show: the notebook's first figure, random digits with their labels. */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, sortOptions = false,
        description = "Draw random images of a data file with their labels into a PNG, titled \"Label, image\".")
final class ShowCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    LabelOptions labels = new LabelOptions();

    @Option(names = "--rows", defaultValue = "8", description = "default: ${DEFAULT-VALUE}")
    int rows;

    @Option(names = "--cols", defaultValue = "8", description = "default: ${DEFAULT-VALUE}")
    int cols;

    @Option(names = "--seed", defaultValue = "1", description = "which random rows (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "digits.png", description = "PNG to write (default: ${DEFAULT-VALUE})")
    Path out;

    /** One figure; more images would be too small to read (and rows x cols could overflow an int). */
    static final int MAX_IMAGES = 1024;

    @Override
    public Integer call() {
        OptionRanges.between("--rows", rows, 1, MAX_IMAGES);
        OptionRanges.between("--cols", cols, 1, MAX_IMAGES);
        long images = (long) rows * cols;
        if (images > MAX_IMAGES) {
            throw new BadOption("--rows " + rows + " x --cols " + cols + " is " + images + " images; one figure shows at "
                    + "most " + MAX_IMAGES + " (e.g. --rows 32 --cols 32)");
        }
        labels.check();
        if (Files.isDirectory(out)) throw new BadOption("--out " + out + " is a folder; name the PNG file to write");
        Outputs.notAnInput(Map.of("--data", data.data), out, "--out");
        Activity.set("reading --data " + Shown.of(data.data));
        Dataset d = labels.loader(data).load(data.data).data();
        Activity.set("drawing " + out);
        Figures.writePng(Figures.digits(d, rows, cols, seed), out);
        Io.out().println("wrote " + Shown.of(out) + ": " + clnn.Text.count(Math.min(images, d.rows()), "image") + " of "
                + Shown.of(d.source()));
        return 0;
    }
}
