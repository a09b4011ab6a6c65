package clnn.cli;

import clnn.data.Dataset;
import clnn.viz.Figures;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** engine show: the notebook's first figure, random digits with their labels. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw random images of a data file with their labels into a PNG, titled \"Label, image\".")
final class ShowCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--rows", defaultValue = "8", description = "default: ${DEFAULT-VALUE}")
    int rows;

    @Option(names = "--cols", defaultValue = "8", description = "default: ${DEFAULT-VALUE}")
    int cols;

    @Option(names = "--seed", defaultValue = "1", description = "which random rows (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "digits.png", description = "PNG to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        if (rows < 1 || cols < 1 || rows * cols > 1024) {
            throw new clnn.DataException("--rows x --cols must be between 1 and 1024 images, got " + rows + " x " + cols);
        }
        Dataset d = data.load().data();
        Figures.writePng(Figures.digits(d, rows, cols, seed), out);
        Io.out().println("wrote " + out + ": " + Math.min(rows * cols, d.rows()) + " images of " + d.source());
        return 0;
    }
}
