package clnn.viz;

import clnn.DataException;
import clnn.train.MemoryBudget;
import java.util.Locale;

/**
 * The largest figure clnn draws, checked in long arithmetic before the image is allocated: an 8x8
 * grid of 400x400-pixel rows is 167 megapixels (670 MB), and a grid's size computed in int
 * arithmetic overflowed into a NegativeArraySizeException.
 */
final class FigureBudget {
    /** 40 megapixels: 160 MB as RGB ints, far more than any readable figure. */
    static final long MAX_PIXELS = 40_000_000L;

    private FigureBudget() {
    }

    /**
     * @param side          side of one image, in data pixels
     * @param pixelsPerCell the figure pixels one image takes (with its caption and padding)
     * @param images        images in the figure
     * @throws DataException when width x height exceeds {@link #MAX_PIXELS} or the free heap, saying how many images would fit
     */
    static void require(long width, long height, int side, long pixelsPerCell, long images) {
        long pixels = width * height;
        boolean tooLarge = width > Integer.MAX_VALUE || height > Integer.MAX_VALUE || pixels / Math.max(1, width) != height
                || pixels > MAX_PIXELS;
        long free = MemoryBudget.availableBytes();
        if (!tooLarge && 4 * pixels <= free) return;
        long fit = Math.min(MAX_PIXELS, free / 4) / Math.max(1, pixelsPerCell);
        throw new DataException(String.format(Locale.ROOT, "the figure would be %dx%d pixels (%.1f megapixels) for %d "
                        + "images of %dx%d; figures are drawn up to %d megapixels (and within the free heap, %s): ", width,
                height, pixels / 1e6, images, side, side, MAX_PIXELS / 1_000_000, MemoryBudget.size(Math.max(0, free)))
                + (fit >= 1 ? "at most " + fit + " images of this size fit, so show fewer (--rows/--cols)"
                        : "not one image of this size fits, so use data with smaller images"));
    }
}
