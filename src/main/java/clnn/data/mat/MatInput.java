package clnn.data.mat;

import clnn.DataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Function;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The bytes of one top-level element of a MAT file, read front to back: straight from the file for
 * an miMATRIX element, or inflated on the fly for an miCOMPRESSED one. Nothing is buffered beyond a
 * 64 KB chunk, so reading a variable costs its values and no copy of its compressed or inflated
 * bytes, and a variable that is not wanted is skipped without being inflated. Reads never pass the
 * element's end; every failure is one sentence about this element ({@code fail} adds the file and
 * the variable's number).
 */
final class MatInput implements AutoCloseable {
    private static final int CHUNK = 1 << 16;
    /** How much a damaged stream is inflated to find zlib's own complaint: bounded work, no memory. */
    private static final long DRAIN_LIMIT = 256L << 20;

    private final FileChannel channel;
    private final long start;
    private final long length;
    private final Function<String, DataException> fail;
    private final Inflater inflater;
    private final ByteBuffer compressed;
    private long rawConsumed;
    private long position;
    /** Read-ahead of a stored element, valid from file offset start + aheadAt. */
    private final ByteBuffer ahead = ByteBuffer.allocate(512).limit(0);
    private long aheadAt = -1;

    private MatInput(FileChannel channel, long start, long length, boolean zlib, Function<String, DataException> fail) {
        this.channel = channel;
        this.start = start;
        this.length = length;
        this.fail = fail;
        this.inflater = zlib ? new Inflater() : null;
        this.compressed = zlib ? ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, length))) : null;
    }

    /** The {@code length} bytes at {@code start}, as stored. */
    static MatInput raw(FileChannel ch, long start, long length, Function<String, DataException> fail) {
        return new MatInput(ch, start, length, false, fail);
    }

    /** The zlib stream stored in the {@code length} bytes at {@code start}, inflated. */
    static MatInput inflated(FileChannel ch, long start, long length, Function<String, DataException> fail) {
        return new MatInput(ch, start, length, true, fail);
    }

    /**
     * The most bytes this element can deliver: its length as stored, or what deflate's best ratio
     * (about 1032:1) can make of it. A header claiming more is damaged, and is refused before an
     * array is allocated for it.
     */
    long maxBytes() {
        return inflater == null ? length : length * 1032 + 1024;
    }

    /** Bytes delivered so far. */
    long position() {
        return position;
    }

    void readFully(byte[] b, int off, int len) {
        int done = 0;
        while (done < len) {
            int n = inflater == null ? readRaw(b, off + done, len - done) : inflate(b, off + done, len - done);
            if (n < 0) {
                throw fail.apply(inflater == null ? "ends inside its data; the file is truncated or damaged"
                        : "its compressed data end early; the file is truncated or damaged");
            }
            done += n;
            position += n;
        }
    }

    /** Moves past {@code n} bytes (inflating them, for a compressed element). */
    void skip(long n) {
        byte[] scratch = new byte[(int) Math.min(CHUNK, Math.max(1, n))];
        long left = n;
        while (left > 0) {
            int step = (int) Math.min(left, scratch.length);
            readFully(scratch, 0, step);
            left -= step;
        }
    }

    /**
     * For a compressed element whose variable was read to its end: the zlib stream must end there
     * too, and its checksum must hold (a flipped bit that still inflates is caught here).
     */
    void finish() {
        if (inflater == null) return;
        byte[] one = new byte[1];
        int n = inflate(one, 0, 1);
        if (n > 0) throw fail.apply("decompresses to more bytes than its tag says; the file is damaged");
        if (!inflater.finished()) throw fail.apply("its compressed data end early; the file is truncated or damaged");
    }

    /**
     * Inflates the rest of a compressed element (discarding it, up to a bound) and throws zlib's
     * complaint if the stream is corrupt; returns quietly when it is intact or too long to check.
     */
    void requireIntactStream() {
        if (inflater == null) return;
        byte[] scratch = new byte[CHUNK];
        for (long seen = 0; seen < DRAIN_LIMIT; seen += CHUNK) {
            if (inflate(scratch, 0, scratch.length) < 0) return;
        }
    }

    private int readRaw(byte[] b, int off, int len) {
        long left = length - position;
        if (left <= 0) return -1;
        if (ahead.hasRemaining() && aheadAt == position) {
            // Serve small header reads from the read-ahead buffer: one system call per variable header.
            int n = Math.min(len, ahead.remaining());
            ahead.get(b, off, n);
            aheadAt += n;
            return n;
        }
        try {
            if (len < ahead.capacity()) {
                ahead.clear();
                ahead.limit((int) Math.min(ahead.capacity(), left));
                if (channel.read(ahead, start + position) <= 0) return -1;
                ahead.flip();
                aheadAt = position;
                return readRaw(b, off, len);
            }
            ByteBuffer dst = ByteBuffer.wrap(b, off, (int) Math.min(len, left));
            int n = channel.read(dst, start + position);
            return n <= 0 ? -1 : n;
        } catch (IOException e) {
            throw fail.apply("cannot be read (" + MatFile.oneLine(e) + ")");
        }
    }

    /** Inflates into b; -1 when the zlib stream has ended (or its input ran out) before len bytes. */
    private int inflate(byte[] b, int off, int len) {
        try {
            while (true) {
                int n = inflater.inflate(b, off, len);
                if (n > 0) return n;
                if (inflater.finished()) return -1;
                if (inflater.needsDictionary()) throw fail.apply("its compressed data are corrupt (they ask for a zlib "
                        + "dictionary); the file is damaged");
                if (inflater.needsInput()) {
                    if (rawConsumed >= length) return -1;
                    compressed.clear();
                    compressed.limit((int) Math.min(compressed.capacity(), length - rawConsumed));
                    int r = channel.read(compressed, start + rawConsumed);
                    if (r <= 0) return -1;
                    rawConsumed += r;
                    inflater.setInput(compressed.array(), 0, r);
                }
            }
        } catch (DataFormatException e) {
            throw fail.apply("its compressed data are corrupt (zlib: " + MatFile.oneLine(e) + "); the file is damaged");
        } catch (IOException e) {
            throw fail.apply("cannot be read (" + MatFile.oneLine(e) + ")");
        }
    }

    @Override
    public void close() {
        if (inflater != null) inflater.end();
    }
}
