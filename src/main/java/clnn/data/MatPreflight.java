package clnn.data;

import clnn.DataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks a MAT file's structure before the MAT library reads it, so that a damaged or hostile file
 * gets one clear sentence instead of a library exception, and so that nothing is allocated on the
 * word of a header: a header claiming a 100000 x 100000 matrix in a small file is refused here,
 * before any large array exists.
 *
 * <p>MAT v5 layout: a 128-byte header (text, subsystem offset, version 0x0100, endian indicator
 * "IM"/"MI"), then data elements, each an 8-byte tag (type, byte count) and its bytes. A variable is
 * an miMATRIX element (array flags, dimensions, name, real part, imaginary part), stored plain or
 * zlib-compressed inside an miCOMPRESSED element. Each numeric or char variable's data must hold
 * exactly as many values as its dimensions claim.
 */
final class MatPreflight {
    static final int MI_INT8 = 1;
    static final int MI_INT32 = 5;
    static final int MI_UINT32 = 6;
    static final int MI_MATRIX = 14;
    static final int MI_COMPRESSED = 15;

    /** Bytes per value of each MAT storage type (miINT8 .. miUTF32); 0 for non-numeric types. */
    private static final int[] STORAGE_BYTES = {0, 1, 1, 2, 2, 4, 4, 4, 0, 8, 0, 0, 8, 8, 0, 0, 1, 2, 4};
    /** MATLAB classes 6..15 are double, single, int8, uint8, int16, uint16, int32, uint32, int64, uint64; 4 is char. */
    private static final int CLASS_CHAR = 4;
    private static final int CLASS_SPARSE = 5;

    private final Path file;
    private final long maxBytes;

    private MatPreflight(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /**
     * @param maxBytes the largest total of variable data the caller can hold (values are widened to
     *                 8-byte doubles when read)
     */
    static void check(Path file, long maxBytes) {
        new MatPreflight(file, maxBytes).run();
    }

    private DataException bad(String what) {
        return new DataException(file + ": " + what);
    }

    private void run() {
        if (!Files.isRegularFile(file)) {
            throw bad("not a regular file; name a .mat file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) throw bad("the file is empty; it should be a MATLAB v5/v7 MAT file (save -v7)");
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 128));
            ch.read(head, 0);
            ByteOrder order = header(head.array(), size, ch);
            long pos = 128;
            long total = 0;
            int index = 0;
            while (pos < size) {
                index++;
                if (size - pos < 8) throw bad("the file ends inside the tag of variable #" + index + "; it is truncated");
                ByteBuffer tag = ByteBuffer.allocate(8).order(order);
                ch.read(tag, pos);
                int type = tag.getInt(0);
                long bytes = tag.getInt(4) & 0xFFFFFFFFL;
                if (bytes > size - pos - 8) {
                    throw bad("variable #" + index + " at byte " + pos + " needs " + bytes + " bytes but the file has only "
                            + (size - pos - 8) + " after it; the file is truncated");
                }
                if (type == MI_COMPRESSED) {
                    total += compressed(ch, pos + 8, bytes, order, index, total);
                    pos += 8 + bytes;
                } else if (type == MI_MATRIX) {
                    ByteBuffer body = ByteBuffer.allocate((int) Math.min(bytes, Integer.MAX_VALUE - 8)).order(order);
                    ch.read(body, pos + 8);
                    body.flip();
                    total += matrix(body, bytes, index);
                    pos += 8 + bytes + (8 - bytes % 8) % 8;
                } else {
                    throw bad("unexpected element type " + type + " at byte " + pos + " where a variable should start; "
                            + "the file is damaged or not a MAT file");
                }
                if (total > maxBytes) {
                    throw bad("its variables need more than " + mb(maxBytes) + " in memory, more than this JVM can hold; "
                            + "raise -Xmx or use a smaller file");
                }
            }
        } catch (IOException e) {
            throw bad("cannot be read (" + MatFile.oneLine(e) + ")");
        }
    }

    /** Validates the 128-byte header; returns the file's byte order. */
    private ByteOrder header(byte[] h, long size, FileChannel ch) throws IOException {
        String text = new String(h, 0, Math.min(h.length, 116), StandardCharsets.ISO_8859_1);
        if (text.startsWith("MATLAB 7.3 MAT-file") || hdf5(ch, size)) {
            throw bad("is a MATLAB v7.3 (HDF5) MAT file, which clnn does not read; re-save it with save(..., '-v7') "
                    + "in MATLAB/Octave or with scipy.io.savemat");
        }
        if (size < 128 && (text.startsWith("MATLAB") || "MATLAB 5.0 MAT-file".startsWith(text.trim()))) {
            throw bad("is " + size + " bytes, shorter than the 128-byte MAT header; it is truncated");
        }
        if (!text.startsWith("MATLAB 5.0 MAT-file")) {
            if (looksLikeV4(h)) {
                throw bad("looks like a MATLAB v4 MAT file, which clnn does not read; re-save it with save(..., '-v7') "
                        + "or scipy.io.savemat");
            }
            throw bad("not a MATLAB v5/v7 MAT file (it does not start with 'MATLAB 5.0 MAT-file'); save the data "
                    + "with save(..., '-v7') in MATLAB/Octave or scipy.io.savemat");
        }
        if (size < 128) throw bad("is " + size + " bytes, shorter than the 128-byte MAT header; it is truncated");
        ByteOrder order;
        if (h[126] == 'I' && h[127] == 'M') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (h[126] == 'M' && h[127] == 'I') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw bad("the header's endian indicator is damaged (bytes 126-127 are not 'IM' or 'MI'); the file is corrupt");
        }
        int version = ByteBuffer.wrap(h, 124, 2).order(order).getShort() & 0xFFFF;
        if (version != 0x0100) {
            throw bad("the header's version is 0x" + Integer.toHexString(version) + ", not 0x0100 (MAT v5/v7); the file "
                    + "is corrupt or of an unknown version");
        }
        return order;
    }

    private static boolean hdf5(FileChannel ch, long size) throws IOException {
        if (size < 520) return false;
        ByteBuffer sig = ByteBuffer.allocate(8);
        ch.read(sig, 512);
        byte[] s = sig.array();
        return s[0] == (byte) 0x89 && s[1] == 'H' && s[2] == 'D' && s[3] == 'F';
    }

    /** A v4 file starts with five int32s: type (MOPT digits), rows, cols, imaginary flag, name length. */
    private static boolean looksLikeV4(byte[] h) {
        if (h.length < 20) return false;
        for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            ByteBuffer b = ByteBuffer.wrap(h).order(o);
            int type = b.getInt(0);
            int rows = b.getInt(4);
            int cols = b.getInt(8);
            int imag = b.getInt(12);
            int nameLength = b.getInt(16);
            if (type >= 0 && type <= 4052 && type % 10 <= 2 && rows >= 0 && cols >= 0 && (imag == 0 || imag == 1)
                    && nameLength > 0 && nameLength < 64) {
                return true;
            }
        }
        return false;
    }

    /**
     * Inflates a compressed variable, keeping only its first bytes (the matrix header) and counting
     * the rest, and stops as soon as it passes what the caller can hold. Returns the bytes it holds.
     */
    private long compressed(FileChannel ch, long at, long bytes, ByteOrder order, int index, long before)
            throws IOException {
        ByteBuffer in = ByteBuffer.allocate((int) Math.min(bytes, 1 << 20));
        Inflater inflater = new Inflater();
        byte[] headBytes = new byte[4096];
        int headLength = 0;
        long produced = 0;
        byte[] out = new byte[1 << 16];
        long read = 0;
        try {
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (read >= bytes) {
                        throw bad("the compressed data of variable #" + index + " ends early; the file is truncated or "
                                + "damaged");
                    }
                    in.clear();
                    in.limit((int) Math.min(in.capacity(), bytes - read));
                    int n = ch.read(in, at + read);
                    if (n <= 0) throw bad("the compressed data of variable #" + index + " ends early; the file is truncated");
                    read += n;
                    inflater.setInput(in.array(), 0, n);
                }
                int n = inflater.inflate(out);
                if (n == 0 && inflater.needsDictionary()) {
                    throw bad("the compressed data of variable #" + index + " is corrupt (needs a zlib dictionary)");
                }
                if (headLength < headBytes.length) {
                    int take = Math.min(n, headBytes.length - headLength);
                    System.arraycopy(out, 0, headBytes, headLength, take);
                    headLength += take;
                }
                produced += n;
                if (before + produced > maxBytes) {
                    throw bad("variable #" + index + " decompresses to more than " + mb(maxBytes - before)
                            + ", more than this JVM can hold; raise -Xmx or use a smaller file");
                }
            }
        } catch (DataFormatException e) {
            throw bad("the compressed data of variable #" + index + " is corrupt (zlib: " + MatFile.oneLine(e)
                    + "); the file is damaged");
        } finally {
            inflater.end();
        }
        ByteBuffer head = ByteBuffer.wrap(headBytes, 0, headLength).order(order);
        if (headLength < 8) throw bad("variable #" + index + " is empty after decompression; the file is damaged");
        int type = head.getInt(0);
        long size = head.getInt(4) & 0xFFFFFFFFL;
        if (type != MI_MATRIX) {
            throw bad("compressed element #" + index + " holds type " + type + ", not a variable; the file is damaged");
        }
        if (size + 8 > produced) {
            throw bad("variable #" + index + " claims " + size + " bytes but decompresses to " + (produced - 8)
                    + "; the file is damaged");
        }
        head.position(8);
        return matrix(head.slice().order(order), size, index);
    }

    /**
     * Reads an miMATRIX's flags, dimensions and name, and checks that a numeric or char variable's
     * data holds exactly the values its dimensions claim. {@code body} starts at the array flags and
     * may be cut short (only the header is needed); {@code length} is the matrix's full byte count.
     * Returns the bytes the variable will take once read as doubles.
     */
    private long matrix(ByteBuffer body, long length, int index) {
        String where = "variable #" + index;
        try {
            Tag flagsTag = Tag.read(body);
            if (flagsTag.type != MI_UINT32 || flagsTag.bytes != 8) {
                throw bad(where + " has damaged array flags; the file is corrupt");
            }
            int flags = body.getInt();
            body.getInt();
            int cls = flags & 0xFF;
            boolean complex = (flags & 0x0800) != 0;
            Tag dimsTag = Tag.read(body);
            int dimsBytes = (int) Math.min(dimsTag.bytes, Integer.MAX_VALUE);
            if (dimsTag.type != MI_INT32 || dimsTag.small || dimsBytes < 8 || dimsBytes % 4 != 0 || dimsBytes > 4 * 32) {
                throw bad(where + " has damaged dimensions; the file is corrupt");
            }
            int ndims = dimsBytes / 4;
            long count = 1;
            StringBuilder shape = new StringBuilder();
            for (int d = 0; d < ndims; d++) {
                int dim = body.getInt();
                if (dim < 0) throw bad(where + " has a negative dimension (" + dim + "); the file is corrupt");
                count = count > 0 && dim > Long.MAX_VALUE / 8 / Math.max(1, count) ? Long.MAX_VALUE / 8 : count * dim;
                shape.append(d > 0 ? "x" : "").append(dim);
            }
            dimsTag.skipPadding(body);
            Tag nameTag = Tag.read(body);
            String name = where;
            if (nameTag.type == MI_INT8 && nameTag.bytes <= 64 && body.remaining() >= nameTag.bytes) {
                byte[] n = new byte[(int) nameTag.bytes];
                body.get(n);
                name = "variable '" + new String(n, StandardCharsets.ISO_8859_1) + "'";
                nameTag.skipPadding(body);
            }
            long needed = count * 8 * (complex ? 2 : 1);
            if (needed > maxBytes) {
                throw bad(name + " claims " + shape + " values (" + mb(needed) + " as doubles), more than this JVM can "
                        + "hold; the header is damaged, or the data are too large (raise -Xmx)");
            }
            boolean numeric = cls >= 6 && cls <= 15;
            if ((numeric || cls == CLASS_CHAR) && cls != CLASS_SPARSE && body.remaining() >= 8) {
                Tag dataTag = Tag.read(body);
                int dataType = dataTag.type;
                long dataBytes = dataTag.bytes;
                int per = dataType > 0 && dataType < STORAGE_BYTES.length ? STORAGE_BYTES[dataType] : 0;
                if (per == 0) throw bad(name + " stores its values with unknown type " + dataType + "; the file is corrupt");
                if (dataBytes != count * per) {
                    throw bad(name + " is " + shape + " (" + count + " values) but its data hold " + dataBytes / per
                            + "; the header and the data disagree: the file is damaged");
                }
                if (dataBytes > length) {
                    throw bad(name + " claims " + dataBytes + " bytes of data in a " + length + "-byte variable; "
                            + "the file is damaged");
                }
            } else if (count > length * 8) {
                throw bad(name + " claims " + shape + " elements in " + length + " bytes; the file is damaged");
            }
            return needed;
        } catch (java.nio.BufferUnderflowException e) {
            throw bad(where + " ends inside its header; the file is truncated or damaged");
        }
    }

    /**
     * A data element's tag. In the small-element format the byte count sits in the upper half of the
     * first word and up to 4 data bytes fill the rest of the 8-byte slot; otherwise the tag is two
     * words and the data are padded to a multiple of 8 bytes.
     */
    private record Tag(int type, long bytes, boolean small) {
        static Tag read(ByteBuffer b) {
            int word = b.getInt();
            if ((word >>> 16) != 0) return new Tag(word & 0xFFFF, word >>> 16, true);
            return new Tag(word, b.getInt() & 0xFFFFFFFFL, false);
        }

        /** Moves past the padding after this element's data, which the caller has just read. */
        void skipPadding(ByteBuffer b) {
            long pad = small ? 4 - bytes : (8 - bytes % 8) % 8;
            b.position((int) Math.min(b.limit(), b.position() + pad));
        }
    }

    private static String mb(long bytes) {
        return bytes >= 1L << 30 ? String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }
}
