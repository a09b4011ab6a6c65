package clnn.viz;

import clnn.DataException;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A titled grid of digits with a caption above each, like the notebook's 8x8 subplot figures.
 * Captions in {@link #MISTAKE} mark misclassified digits.
 */
public final class DigitGrid {
    static final int SCALE = 4;
    static final int PAD = 8;
    static final int CAPTION = 18;
    static final int TITLE = 40;
    /** Caption colour of an ordinary cell: near-black. */
    public static final Color TEXT = new Color(0x20, 0x20, 0x20);
    /** Caption colour of a misclassified digit: red. */
    public static final Color MISTAKE = new Color(0xD0, 0x20, 0x20);

    /**
     * One cell: the row of X at {@code offset}, its caption and the caption's colour.
     *
     * @param offset  index in X of the row's first value ({@code row * features})
     * @param caption drawn above the digit
     * @param color   the caption's colour, {@link #TEXT} or {@link #MISTAKE}
     */
    public record Cell(int offset, String caption, Color color) {
    }

    private DigitGrid() {
    }

    /**
     * Draws the grid: cells left to right, top to bottom, {@code cols} to a row, under the title.
     *
     * @param title drawn across the top
     * @param x     the data set's rows, concatenated
     * @param side  the images' side in pixels (see {@link DigitImage#side})
     * @param cells the digits to draw, in order
     * @param cols  cells per grid row, 1 or more
     * @return a new RGB image, at least 360 pixels wide
     * @throws clnn.ModelException when {@code cols} is not positive
     * @throws DataException       when the figure would exceed {@link FigureBudget#MAX_PIXELS} or the heap
     */
    public static BufferedImage render(String title, float[] x, int side, List<Cell> cells, int cols) {
        if (cols < 1) throw new clnn.ModelException("a figure needs at least 1 column, got " + cols);
        long rows = Math.max(1, (cells.size() + (long) cols - 1) / cols);
        long cell = (long) side * SCALE;
        // In long arithmetic and before the image exists: 400x400-pixel rows in an 8x8 grid are 167 megapixels.
        long width = Math.max(cols * (cell + PAD) + PAD, 360);
        long height = TITLE + rows * (CAPTION + cell + PAD) + PAD;
        FigureBudget.require(width, height, side, (cell + PAD) * (CAPTION + cell + PAD), cells.size());
        BufferedImage img = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, (int) width, (int) height);
            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            centred(g, title, (int) width / 2, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int left = (int) (width - cols * (cell + PAD) + PAD) / 2;
            for (int i = 0; i < cells.size(); i++) {
                Cell c = cells.get(i);
                int x0 = (int) (left + (i % cols) * (cell + PAD));
                int y0 = (int) (TITLE + (i / cols) * (CAPTION + cell + PAD));
                g.setColor(c.color());
                centred(g, c.caption(), (int) (x0 + cell / 2), y0 + CAPTION - 5);
                g.drawImage(DigitImage.render(x, c.offset(), side, SCALE), x0, y0 + CAPTION, null);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void centred(Graphics2D g, String text, int cx, int baseline) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, cx - m.stringWidth(text) / 2, baseline);
    }
}
