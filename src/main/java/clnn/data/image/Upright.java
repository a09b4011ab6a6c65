package clnn.data.image;

import java.awt.image.BufferedImage;

/**
 * Turns and mirrors stored pixels the way an Exif Orientation says to show them, so that the digit
 * is upright before it is prepared (a sideways 6 reads as something else, or nothing).
 */
final class Upright {
    private Upright() {
    }

    /**
     * The image as it is meant to be seen.
     *
     * @param stored the pixels as the file holds them
     * @param orientation Exif Orientation 1 to 8 (any other value is taken as 1)
     * @return {@code stored} itself for 1, otherwise a new ARGB image (width and height swapped for 5 to 8)
     */
    static BufferedImage apply(BufferedImage stored, int orientation) {
        if (orientation < 2 || orientation > 8) return stored;
        int w = stored.getWidth();
        int h = stored.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_ARGB);
        int[] line = new int[ow];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                // Shown pixel (x, y) comes from stored pixel (sx, sy).
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }          // mirrored left-right
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }  // turned 180
                    case 4 -> { sx = x; sy = h - 1 - y; }          // mirrored top-bottom
                    case 5 -> { sx = y; sy = x; }                  // mirrored along the main diagonal
                    case 6 -> { sx = y; sy = h - 1 - x; }          // stored turned 90 counter-clockwise: turn clockwise
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }  // mirrored along the other diagonal
                    default -> { sx = w - 1 - y; sy = x; }         // 8: stored turned 90 clockwise: turn back
                }
                line[x] = stored.getRGB(sx, sy);
            }
            out.setRGB(0, y, ow, 1, line, 0, ow);
        }
        return out;
    }
}
