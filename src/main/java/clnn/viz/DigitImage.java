package clnn.viz;

import clnn.DataException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * One row of X as a picture. Rows are square images unrolled column-major, as MATLAB stores them
 * (the notebook's {@code X[i].reshape(20, 20).T}): pixel (r, c) is {@code row[c * side + r]}.
 * Values are intensities in [0, 1], ink bright: drawn white on black, like matplotlib's gray map.
 */
public final class DigitImage {
    private DigitImage() {
    }

    /**
     * The side of the square images a row of {@code features} values holds.
     *
     * @param features values per row
     * @param source   the data's name, for the message
     * @return the side, {@code sqrt(features)}
     * @throws DataException when {@code features} is not a square
     */
    public static int side(int features, String source) {
        int side = (int) Math.round(Math.sqrt(features));
        if (side * side != features) {
            throw new DataException(source + " has " + features + " features per row, not a square image (such as "
                    + "400 = 20x20); figures of images need square rows");
        }
        return side;
    }

    /**
     * Pixel (r, c) of the row at {@code offset}, reading the column-major layout.
     *
     * @param x      the data set's rows, concatenated
     * @param offset index in {@code x} of the row's first value
     * @param side   the image's side
     * @param r      pixel row, 0..side-1
     * @param c      pixel column, 0..side-1
     * @return the intensity clamped to [0, 1]
     */
    public static float pixel(float[] x, int offset, int side, int r, int c) {
        float v = x[offset + c * side + r];
        return v < 0f ? 0f : Math.min(1f, v);
    }

    /**
     * The row as a grey image, each pixel drawn as a {@code scale x scale} block.
     *
     * @param x      the data set's rows, concatenated
     * @param offset index in {@code x} of the row's first value
     * @param side   the image's side
     * @param scale  screen pixels per image pixel, along each axis
     * @return a new RGB image {@code side * scale} pixels square
     * @throws DataException when the picture would exceed {@link FigureBudget#MAX_PIXELS} or the heap
     */
    public static BufferedImage render(float[] x, int offset, int side, int scale) {
        long edge = (long) side * scale;
        FigureBudget.require(edge, edge, side, edge * edge, 1);
        int width = side * scale;
        BufferedImage img = new BufferedImage(width, width, BufferedImage.TYPE_INT_RGB);
        // Straight into the pixel array (TYPE_INT_RGB: one int 0xRRGGBB a pixel, rows of `width`):
        // the same pixels as setRGB, without a colour-model conversion per pixel.
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int r = 0; r < side; r++) {
            int rowStart = r * scale * width;
            for (int c = 0; c < side; c++) {
                int g = Math.round(pixel(x, offset, side, r, c) * 255f);
                int rgb = (g << 16) | (g << 8) | g;
                java.util.Arrays.fill(px, rowStart + c * scale, rowStart + c * scale + scale, rgb);
            }
            for (int dy = 1; dy < scale; dy++) System.arraycopy(px, rowStart, px, rowStart + dy * width, width);
        }
        return img;
    }
}
