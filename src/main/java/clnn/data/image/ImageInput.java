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

    /** Pixels at most this fraction of the brightest ink are background (paper texture, JPEG noise). */
    static final float INK_THRESHOLD = 0.25f;

    private ImageInput() {
    }

    /**
     * Images larger than this are refused before they are decoded: a digit needs about 28x28
     * pixels, and a 40000x40000 PNG (1.6 MB of file) would take 6.4 GB once decoded.
     */
    public static final long MAX_PIXELS = 40_000_000L;

    /** Heap per pixel while an image is prepared: the decoded ARGB image and the float grey levels. */
    static final long BYTES_PER_PIXEL = 8;

    /**
     * Reads an image after checking its size in its header against {@link #MAX_PIXELS} and the heap.
     *
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
                return reader.read(0);
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
        long needed = pixels * BYTES_PER_PIXEL;
        long free = HeapBudget.available();
        if (needed > free) {
            throw new DataException(file + ": the image is " + size + " and needs about " + HeapBudget.size(needed)
                    + " of Java heap to prepare, but " + HeapBudget.size(Math.max(0, free)) + " is free; scale it down "
                    + "(a digit needs only about 28x28 pixels), or give Java more memory (java -Xmx...)");
        }
    }

    /** The image as a row of side*side intensities, column-major, ready for a model trained on the digits. */
    /**
     * @throws DataException when the image is null or blank, or the side is not positive
     */
    public static float[] toRow(BufferedImage img, int side, String source) {
        if (img == null) throw new DataException(source + ": no image was given; read one with ImageInput.read");
        if (side < 1) throw new DataException(source + ": the model's image side is " + side + "; it must be at least 1");
        float[][] ink = inkBright(img);
        int h = ink.length;
        int w = ink[0].length;
        float max = 0;
        for (float[] row : ink) for (float v : row) max = Math.max(max, v);
        if (max <= 0.05f) throw new DataException(source + ": the image is blank (no ink found); draw a dark digit on a light background or the reverse");
        int top = h;
        int bottom = -1;
        int left = w;
        int right = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (ink[y][x] > INK_THRESHOLD * max) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        int bw = right - left + 1;
        int bh = bottom - top + 1;
        // Fit the ink's box into (20/28) of the side, keeping its aspect ratio.
        double box = side * 20.0 / 28.0;
        double scale = box / Math.max(bw, bh);
        int sw = Math.max(1, (int) Math.round(bw * scale));
        int sh = Math.max(1, (int) Math.round(bh * scale));
        float[][] patch = resize(ink, left, top, bw, bh, sw, sh, max);
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

    /** Grey levels in [0, 1] with the ink bright: inverted when the border (the background) is light. */
    static float[][] inkBright(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[][] g = new float[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                float alpha = ((argb >>> 24) & 0xFF) / 255f;
                float lum = (0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF) + 0.114f * (argb & 0xFF)) / 255f;
                // Transparent pixels are paper: composite onto white.
                g[y][x] = alpha * lum + (1 - alpha);
            }
        }
        double border = 0;
        int n = 0;
        for (int x = 0; x < w; x++) {
            border += g[0][x] + g[h - 1][x];
            n += 2;
        }
        for (int y = 0; y < h; y++) {
            border += g[y][0] + g[y][w - 1];
            n += 2;
        }
        float background = (float) (border / n);
        boolean lightPaper = background > 0.5f;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float ink = lightPaper ? background - g[y][x] : g[y][x] - background;
                g[y][x] = Math.max(0f, ink);
            }
        }
        return g;
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
