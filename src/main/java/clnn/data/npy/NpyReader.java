package clnn.data.npy;

import clnn.DataException;
import clnn.data.HeapBudget;
import clnn.data.mat.MatFloats;
import clnn.data.mat.MatVariable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The data of one .npy array (after its {@link NpyHeader}) read into the forms clnn's loader
 * validates for every format: a data set's X straight into row-major float32 ({@link MatFloats}),
 * anything else as doubles in MATLAB's column-major order ({@link MatVariable#values()}), text as a
 * string. The size the header claims is checked against the bytes there are and against the free heap
 * before anything is allocated.
 */
final class NpyReader {
    /** How much of an array to read. */
    enum Want {
        /** Name, shape and type only. */
        HEADER,
        /** The values as doubles (labels, weights), or the text. */
        VALUES,
        /** The values as row-major float32 (a data set's X). */
        FLOATS
    }

    /** An array read: its description (values or text when asked for), and X's floats when asked for. */
    record Array(MatVariable variable, MatFloats floats) {
    }

    private static final int CHUNK = 1 << 16;

    private NpyReader() {
    }

    /**
     * Reads the array whose header was just read from {@code in}.
     *
     * @param available bytes of data after the header, or -1 when unknown (checked at the end of the stream then)
     */
    static Array read(InputStream in, NpyHeader h, long available, String name, String where, Want want,
                      HeapBudget budget) throws IOException {
        MatVariable header = new MatVariable(name, h.type().name(), h.dims(), false, false, null, null);
        long need = h.dataBytes();
        if (available >= 0 && available < need) {
            String needs = need == Long.MAX_VALUE ? "more data than any file holds" : need + " bytes of data";
            throw new DataException(where + ": the header says shape " + h.shapeText() + " of " + h.type().descr() + " ("
                    + needs + ") but the file holds " + available + "; the file is truncated");
        }
        if (available > need) {
            throw new DataException(where + ": holds " + available + " bytes of data but its shape " + h.shapeText()
                    + " of " + h.type().descr() + " needs " + need + "; the header and the data disagree: the file is "
                    + "damaged");
        }
        if (want == Want.HEADER) return new Array(header, null);
        if (!h.type().numeric()) {
            if (need > 1 << 20) return new Array(header, null);
            String text = text(in, h, where);
            return new Array(new MatVariable(name, "str", h.dims(), false, false, null, text), null);
        }
        long count = h.count();
        boolean floats = want == Want.FLOATS;
        long bytes = count * (floats ? 4 : 8);
        if (count > Integer.MAX_VALUE - 8) {
            throw tooLarge(where, header, bytes, "more values than a Java array holds (" + (Integer.MAX_VALUE - 8) + ")");
        }
        budget.take(bytes, 0, () -> tooLarge(where, header, bytes, "more than the " + HeapBudget.size(budget.usable())
                + " this JVM can give it; loading it needs at least " + budget.heapFor(bytes) + " (java "
                + budget.heapFor(bytes) + " -jar engine.jar ...; training needs more) or use a smaller file"));
        int rows = header.rows();
        int cols = header.cols();
        float[] f = floats ? new float[(int) count] : null;
        double[] d = floats ? null : new double[(int) count];
        long[] firstBad = {-1};
        double[] badValue = {0};
        decode(in, h, where, (i, v) -> {
            // File order to (row, column): C order runs along a row, Fortran order down a column.
            int r = (int) (h.fortranOrder() ? i % rows : i / cols);
            int c = (int) (h.fortranOrder() ? i / rows : i % cols);
            if (floats) {
                float x = (float) v;
                f[r * cols + c] = x;
                if (!Float.isFinite(x) && firstBad[0] < 0) {
                    firstBad[0] = (long) c * rows + r;
                    badValue[0] = v;
                }
            } else {
                d[c * rows + r] = v;
            }
        });
        if (available < 0 && in.read() >= 0) {
            throw new DataException(where + ": holds more data than its shape " + h.shapeText() + " of "
                    + h.type().descr() + " needs; the header and the data disagree: the file is damaged");
        }
        if (floats) {
            return new Array(header, new MatFloats(f, rows, cols, firstBad[0], badValue[0]));
        }
        return new Array(new MatVariable(name, h.type().name(), h.dims(), false, false, d, null), null);
    }

    private static DataException tooLarge(String where, MatVariable v, long bytes, String why) {
        return new DataException(where + ": " + v.describe() + " needs " + HeapBudget.size(bytes) + " of memory to load, "
                + why);
    }

    /** Receives each element, in file order, as a double. */
    @FunctionalInterface
    interface Sink {
        void accept(long index, double value);
    }

    /** Every element in file order; a stream that ends early is a truncated file. */
    static void decode(InputStream in, NpyHeader h, String where, Sink sink) throws IOException {
        NpyType t = h.type();
        long count = h.count();
        int size = t.size();
        byte[] buf = new byte[CHUNK];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(t.order());
        long done = 0;
        while (done < count) {
            int n = (int) Math.min(CHUNK / size, count - done);
            int got = in.readNBytes(buf, 0, n * size);
            if (got < n * size) {
                throw new DataException(where + ": the data end after " + (done * size + got) + " of " + h.dataBytes()
                        + " bytes (shape " + h.shapeText() + " of " + t.descr() + "); the file is truncated");
            }
            bb.clear();
            for (int k = 0; k < n; k++) sink.accept(done + k, element(bb, t));
            done += n;
        }
    }

    private static double element(ByteBuffer bb, NpyType t) {
        switch (t.kind()) {
            case 'f':
                return t.size() == 4 ? bb.getFloat() : bb.getDouble();
            case 'b':
                return bb.get() != 0 ? 1 : 0;
            case 'i':
                return switch (t.size()) {
                    case 1 -> bb.get();
                    case 2 -> bb.getShort();
                    case 4 -> bb.getInt();
                    default -> bb.getLong();
                };
            default:
                return switch (t.size()) {
                    case 1 -> bb.get() & 0xff;
                    case 2 -> bb.getShort() & 0xffff;
                    case 4 -> bb.getInt() & 0xffffffffL;
                    default -> unsigned(bb.getLong());
                };
        }
    }

    /** A uint64 as the double nearest to it (above 2^63 included). */
    private static double unsigned(long v) {
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }

    /** The first string of a text array, without numpy's trailing NUL padding. */
    private static String text(InputStream in, NpyHeader h, String where) throws IOException {
        int total = (int) h.dataBytes();
        byte[] b = in.readNBytes(total);
        if (b.length < total) {
            throw new DataException(where + ": the data end after " + b.length + " of " + total + " bytes; the file is "
                    + "truncated");
        }
        if (h.count() == 0) return "";
        ByteBuffer bb = ByteBuffer.wrap(b).order(h.type().order());
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < h.type().size() / 4; k++) {
            int cp = bb.getInt();
            if (cp == 0) break;
            if (!Character.isValidCodePoint(cp)) {
                throw new DataException(where + ": holds a character code " + Integer.toUnsignedString(cp) + " that is "
                        + "not Unicode; the file is damaged");
            }
            s.appendCodePoint(cp);
        }
        return s.toString();
    }
}
