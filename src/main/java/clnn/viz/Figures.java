package clnn.viz;

import clnn.History;
import clnn.data.AtomicFiles;
import clnn.data.Dataset;
import clnn.train.Rng;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The notebook's figures as PNG files: the digits with their labels, the loss curve, the
 * predictions grid with mistakes marked, and the misclassified images. Written atomically
 * (temporary file, then rename), drawn off-screen.
 */
public final class Figures {
    static {
        // Figures are drawn off-screen; never ask for a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Stream of the random picks, apart from the training streams. */
    private static final long STREAM_FIGURES = -3;

    private Figures() {
    }

    /**
     * engine show: rows x cols random digits, each with its label above, titled "Label, image".
     *
     * @param d    the data set; its rows must be square images
     * @param rows grid rows, 1 or more
     * @param cols grid columns, 1 or more
     * @param seed picks the digits (the same seed, the same figure)
     * @return the figure; fewer cells when the data has fewer rows
     * @throws clnn.ModelException when rows or cols is not positive
     * @throws clnn.DataException  when the rows are not square images or the figure would be too large
     */
    public static BufferedImage digits(Dataset d, int rows, int cols, long seed) {
        if (rows < 1 || cols < 1) {
            throw new clnn.ModelException("a figure needs at least 1 row and 1 column of images, got " + rows + "x" + cols);
        }
        int side = DigitImage.side(d.features(), d.source());
        // In long: rows * cols may overflow an int; the grid's own size is checked by DigitGrid.render.
        long count = Math.min((long) rows * cols, d.rows());
        List<DigitGrid.Cell> cells = new ArrayList<>();
        for (int i : pick(d.rows(), (int) count, seed)) {
            cells.add(new DigitGrid.Cell(i * d.features(), String.valueOf(d.y()[i]), DigitGrid.TEXT));
        }
        return grid(d, "Label, image", d.x(), side, cells, cols);
    }

    /**
     * predictions.png: 8x8 random digits captioned "label,yhat", mistakes in red.
     *
     * @param d         the data set predicted on; its rows must be square images
     * @param predicted one predicted class per row of {@code d}
     * @param seed      picks the digits
     * @return the figure, its title counting the mistakes shown
     * @throws clnn.DataException when the rows are not square images or the figure would be too large
     */
    public static BufferedImage predictions(Dataset d, int[] predicted, long seed) {
        int side = DigitImage.side(d.features(), d.source());
        List<DigitGrid.Cell> cells = new ArrayList<>();
        int wrong = 0;
        for (int i : pick(d.rows(), 64, seed)) {
            boolean ok = predicted[i] == d.y()[i];
            if (!ok) wrong++;
            cells.add(new DigitGrid.Cell(i * d.features(), d.y()[i] + "," + predicted[i],
                    ok ? DigitGrid.TEXT : DigitGrid.MISTAKE));
        }
        return grid(d, "Label, yhat (" + wrong + " of " + cells.size() + " shown are wrong, in red)", d.x(),
                side, cells, 8);
    }

    /**
     * errors.png: up to 64 misclassified images captioned "label,yhat", the total count in the title.
     *
     * @param d         the data set predicted on; its rows must be square images
     * @param predicted one predicted class per row of {@code d}
     * @return the figure, in row order; an empty grid when nothing is wrong
     * @throws clnn.DataException when the rows are not square images or the figure would be too large
     */
    public static BufferedImage errors(Dataset d, int[] predicted) {
        int side = DigitImage.side(d.features(), d.source());
        List<DigitGrid.Cell> cells = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < d.rows(); i++) {
            if (predicted[i] == d.y()[i]) continue;
            total++;
            if (cells.size() < 64) {
                cells.add(new DigitGrid.Cell(i * d.features(), d.y()[i] + "," + predicted[i], DigitGrid.MISTAKE));
            }
        }
        String title = total + " misclassified of " + d.rows() + " (label,yhat)" + (total > 64 ? ", first 64" : "");
        return grid(d, title, d.x(), side, cells, 8);
    }

    /** DigitGrid.render, its size refusal prefixed with the data it would have shown. */
    private static BufferedImage grid(Dataset d, String title, float[] x, int side, List<DigitGrid.Cell> cells, int cols) {
        try {
            return DigitGrid.render(title, x, side, cells, cols);
        } catch (clnn.DataException e) {
            throw new clnn.DataException(d.source() + ": " + e.getMessage(), e);
        }
    }

    /**
     * loss.png: see {@link LossChart}.
     *
     * @param h the fit's history
     * @return the chart
     */
    public static BufferedImage loss(History h) {
        return LossChart.render(h);
    }

    /** Distinct random rows, seeded; all rows when there are fewer than asked. */
    static int[] pick(int n, int count, long seed) {
        int[] perm = new int[n];
        Rng.forStream(seed, STREAM_FIGURES).permutation(perm);
        return java.util.Arrays.copyOf(perm, Math.min(n, count));
    }

    /** The image as PNG: clnn's encoder for the figures' RGB images ({@link Png}), ImageIO's for any other. */
    static void encode(BufferedImage img, java.io.OutputStream out) throws IOException {
        if (Png.canWrite(img)) {
            Png.write(img, out);
        } else if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer for this image type (" + img.getType() + ")");
        }
    }

    /**
     * Writes a figure as PNG atomically: {@code file} is replaced whole or left as it was.
     *
     * @param img  the figure
     * @param file where it goes
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void writePng(BufferedImage img, Path file) {
        try {
            AtomicFiles.write(file, tmp -> {
                try (java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(tmp), 1 << 16)) {
                    encode(img, out);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
