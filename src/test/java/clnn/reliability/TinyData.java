package clnn.reliability;

import static clnn.data.MatFixtures.doubles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Small MAT files for command-line tests: separable classes, so a few epochs train in milliseconds. */
final class TinyData {
    private TinyData() {
    }

    /** {@code rows} rows of {@code features} features in X, labels 0..classes-1 in y. */
    static Path write(Path file, int rows, int features, int classes) throws IOException {
        Random r = new Random(7);
        double[] x = new double[rows * features];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            int c = i % classes;
            y[i] = c;
            for (int j = 0; j < features; j++) x[j * rows + i] = r.nextGaussian() * 0.2 + (j % classes == c ? 1 : 0);
        }
        return clnn.data.MatFixtures.write(file, doubles("X", rows, x), doubles("y", rows, y));
    }

    /** Rows of finite but huge features (3e38; the first row ordinary): the logits overflow float32. */
    static Path huge(Path file, int rows, int features) throws IOException {
        double[] x = new double[rows * features];
        java.util.Arrays.fill(x, 3e38);
        for (int j = 0; j < features; j++) x[j * rows] = 0.5;
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) y[i] = i % 2;
        return clnn.data.MatFixtures.write(file, doubles("X", rows, x), doubles("y", rows, y));
    }

    /** train on {@code data} into {@code out} (none: the default folder); {@code more} overrides the defaults here. */
    static String[] train(Path data, Path out, String... more) {
        java.util.List<String> extra = java.util.List.of(more);
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("train", "--data", data.toString()));
        String[][] defaults = {{"--device", "cpu"}, {"--epochs", "2"}, {"--verbose", "0"}, {"--layers", "5"}};
        for (String[] d : defaults) if (!extra.contains(d[0])) a.addAll(java.util.List.of(d));
        if (out != null) a.addAll(java.util.List.of("--out", out.toString()));
        a.addAll(extra);
        return a.toArray(new String[0]);
    }
}
