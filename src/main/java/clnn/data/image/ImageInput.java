package clnn.data.image;

import clnn.Text;
import clnn.DataException;
import clnn.data.HeapBudget;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A photo or drawing of one digit (PNG, JPEG, ...) turned into a row like the training data, the way
 * MNIST was made: grey levels with the ink bright, the background removed, cropped to the ink, scaled
 * to fit a box of 20/28 of the image side (MNIST fits digits into 20 of 28 pixels) keeping the
 * aspect ratio, placed so that its centre of mass sits at the centre, intensities in [0, 1], then
 * unrolled column-major like the MAT files.
 */
public final class ImageInput {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** The smallest image side that can hold a recognisable digit. */
    public static final int MIN_SIDE = 5;

    private ImageInput() {
    }

    /**
     * Images larger than this are refused before they are decoded: a digit needs about 28x28
     * pixels, and a 40000x40000 PNG (1.6 MB of file) would take 6.4 GB once decoded.
     */
    public static final long MAX_PIXELS = 40_000_000L;

    /** Heap per pixel of the file while an image is prepared: the decoded ARGB image and its upright copy. */
    static final long BYTES_PER_PIXEL = 8;

    /**
     * Heap per pixel of the grey image (at most {@link GreyLevels#MAX_SIDE} on a side) while the ink is
     * separated: grey levels, background, residual, smoothed copy and ink as floats, labels and a stack as ints.
     */
    static final long WORK_BYTES_PER_PIXEL = 40;

    /**
     * Reads an image after checking its size in its header against {@link #MAX_PIXELS} and the heap,
     * and turns it upright when it is a JPEG whose Exif Orientation says it is stored turned or
     * mirrored (a damaged Exif block is ignored: the pixels are used as stored).
     *
     * @param file a PNG, JPEG or other format ImageIO reads
     * @return the image as it is meant to be seen
     * @throws DataException when the file is null, missing, unreadable, not an image, or too large
     */
    public static BufferedImage read(Path file) {
        if (file == null) throw new DataException("the image path is null; give the path of a PNG or JPEG of one digit");
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": no such image file; give the path of a PNG or JPEG of one digit");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DataException(file + ": not an image format Java can read; save it as PNG or JPEG");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                requireSize(file, reader.getWidth(0), reader.getHeight(0));
                BufferedImage stored = reader.read(0);
                // Phones store portrait photos sideways and say so in Exif; show the digit upright.
                return Upright.apply(stored, ExifOrientation.of(file));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) throw d;
            // Decoders throw IOException, IllegalArgumentException or worse for damaged data.
            throw new DataException(file + ": cannot read the image (" + Text.printable(String.valueOf(e.getMessage()), 120)
                    + "); save it as PNG or JPEG", e);
        }
    }

    /** The header's size against the pixel budget and the free heap, before any pixel is decoded. */
    static void requireSize(Path file, long width, long height) {
        long pixels = width * height;
        String size = width + "x" + height + " pixels";
        if (width < 1 || height < 1) throw new DataException(file + ": the image is " + size + "; it has no pixels to read");
        if (pixels > MAX_PIXELS) {
            throw new DataException(file + ": the image is " + size + String.format(Locale.ROOT, " (%.1f megapixels)",
                    pixels / 1e6) + "; clnn reads images of up to " + MAX_PIXELS / 1_000_000 + " megapixels: scale it "
                    + "down (a digit needs only about 28x28 pixels)");
        }
        long work = Math.min(pixels, (long) GreyLevels.MAX_SIDE * GreyLevels.MAX_SIDE);
        long needed = pixels * BYTES_PER_PIXEL + work * WORK_BYTES_PER_PIXEL;
        long free = HeapBudget.available();
        if (needed > free) {
            throw new DataException(file + ": the image is " + size + " and needs about " + HeapBudget.size(needed)
                    + " of Java heap to prepare, but " + HeapBudget.size(Math.max(0, free)) + " is free; scale it down "
                    + "(a digit needs only about 28x28 pixels), or give Java more memory (java -Xmx...)");
        }
    }

    /**
     * The image as a row of side*side intensities, column-major, ready for a model trained on the digits.
     *
     * @param img the image as it is meant to be seen ({@link #read} has turned it upright)
     * @param side the side of the model's square images (20 for 400 inputs)
     * @param source what to call the image in messages
     * @return {@code side * side} intensities in [0, 1], the brightest 1, pixel (r, c) at {@code c * side + r}
     * @throws DataException when the image is null, too small or blank, or the side is not positive
     */
    public static float[] toRow(BufferedImage img, int side, String source) {
        if (img == null) throw new DataException(source + ": no image was given; read one with ImageInput.read");
        if (side < 1) throw new DataException(source + ": the model's image side is " + side + "; it must be at least 1");
        if (img.getWidth() < MIN_SIDE || img.getHeight() < MIN_SIDE) {
            throw new DataException(source + ": the image is " + img.getWidth() + "x" + img.getHeight() + " pixels, too "
                    + "small to hold a digit; give one of at least " + MIN_SIDE + "x" + MIN_SIDE + " pixels (28x28 or more is best)");
        }
        InkMap ink = InkMap.of(GreyLevels.of(img));
        if (ink == null) {
            throw new DataException(source + ": the image is blank (no ink found); draw a dark digit on a light background or the reverse");
        }
        int bw = ink.right - ink.left + 1;
        int bh = ink.bottom - ink.top + 1;
        // Fit the ink's box into (20/28) of the side, keeping its aspect ratio.
        double box = side * 20.0 / 28.0;
        double scale = box / Math.max(bw, bh);
        int sw = Math.max(1, (int) Math.round(bw * scale));
        int sh = Math.max(1, (int) Math.round(bh * scale));
        float[][] patch = resize(ink.ink, ink.left, ink.top, bw, bh, sw, sh, 1f);
        // Centre of mass of the scaled ink goes to the centre of the image.
        double mass = 0;
        double cy = 0;
        double cx = 0;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                mass += patch[y][x];
                cy += patch[y][x] * y;
                cx += patch[y][x] * x;
            }
        }
        if (mass <= 0) {
            throw new DataException(source + ": the image is blank (no ink found); draw a dark digit on a light background or the reverse");
        }
        int dy = (int) Math.round(side / 2.0 - 0.5 - cy / mass);
        int dx = (int) Math.round(side / 2.0 - 0.5 - cx / mass);
        float[] row = new float[side * side];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int r = y + dy;
                int c = x + dx;
                if (r >= 0 && r < side && c >= 0 && c < side) row[c * side + r] = patch[y][x];
            }
        }
        return row;
    }

    /** Area-averaged resize of the ink box to sw x sh, normalised so the brightest pixel is 1. */
    private static float[][] resize(float[][] ink, int left, int top, int bw, int bh, int sw, int sh, float max) {
        BufferedImage src = new BufferedImage(bw, bh, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                int v = Math.round(Math.min(1f, ink[top + y][left + x] / max) * 255f);
                src.getRaster().setSample(x, y, 0, v);
            }
        }
        Image scaled = src.getScaledInstance(sw, sh, Image.SCALE_AREA_AVERAGING);
        BufferedImage dst = new BufferedImage(sw, sh, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = dst.createGraphics();
        g.drawImage(scaled, 0, 0, null);
        g.dispose();
        float[][] out = new float[sh][sw];
        float peak = 0;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                out[y][x] = dst.getRaster().getSample(x, y, 0) / 255f;
                peak = Math.max(peak, out[y][x]);
            }
        }
        if (peak > 0) for (float[] row : out) for (int x = 0; x < sw; x++) row[x] /= peak;
        return out;
    }
}
