package clnn.data.mat;

import clnn.Text;
import clnn.data.HeapBudget;
import clnn.DataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads MATLAB v5/v7 MAT files, validating as it goes, so that a damaged or hostile file is one
 * sentence and never a library exception, a stack overflow or an allocation on the word of a header.
 *
 * <p>Layout: a 128-byte header ({@link MatHeader}), then top-level elements, each an 8-byte tag
 * (type, byte count) and its bytes. A variable is an miMATRIX element (array flags, dimensions,
 * name, real part, imaginary part), stored as it is or zlib-compressed inside an miCOMPRESSED element.
 * <pre>
 *   miMATRIX  | flags: miUINT32 x2 (class, complex/logical bits) | dims: miINT32 x n | name: miINT8
 *             | real part: any storage type (doubles may be stored as uint8 ...) | [imaginary part]
 * </pre>
 * What makes it safe:
 * <ul>
 *   <li>Only the variables a {@link Selection} wants are read; the others are walked past by their
 *       tags (a compressed one is not even inflated past its name). Cells, structs, objects and
 *       sparse matrices are never read at all, only named with their class and dimensions, so no
 *       nesting depth or field table can hurt.</li>
 *   <li>Every size is checked against the file (truncation), against the element that holds it
 *       (dimensions that lie), and against the free heap before the one array it becomes is
 *       allocated: the budget counts the real peak (a data set's X goes straight into row-major
 *       float32, 4 bytes a value and a column block; other variables are doubles, 8 bytes a value
 *       plus the float32 copy a caller makes), and compressed data are inflated and converted in
 *       64 KB steps.</li>
 *   <li>A read variable must end where its tag says, and a compressed one must pass zlib's checksum.</li>
 * </ul>
 */
final class MatReader {
    static final int MI_INT8 = 1;
    static final int MI_UINT8 = 2;
    static final int MI_INT16 = 3;
    static final int MI_UINT16 = 4;
    static final int MI_INT32 = 5;
    static final int MI_UINT32 = 6;
    static final int MI_SINGLE = 7;
    static final int MI_DOUBLE = 9;
    static final int MI_INT64 = 12;
    static final int MI_UINT64 = 13;
    static final int MI_MATRIX = 14;
    static final int MI_COMPRESSED = 15;
    static final int MI_UTF8 = 16;
    static final int MI_UTF16 = 17;
    static final int MI_UTF32 = 18;

    /** Bytes per value of each storage type (miINT8 .. miUTF32); 0 for types that hold no numbers. */
    private static final int[] STORAGE_BYTES = {0, 1, 1, 2, 2, 4, 4, 4, 0, 8, 0, 0, 8, 8, 0, 0, 1, 2, 4};
    private static final String[] CLASS_NAMES = {"unknown", "cell", "struct", "object", "char", "sparse", "double",
        "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "function_handle", "opaque"};
    static final int CLASS_CHAR = 4;
    static final int CLASS_SPARSE = 5;
    /** MATLAB allows 63 characters; anything far beyond is a damaged tag, not a name. */
    private static final int MAX_NAME_BYTES = 4096;
    /** Headers kept of variables nobody asked for: enough to list, not enough to fill the heap. */
    static final int MAX_LISTED = 10_000;
    /** Variables read in one go (a model or checkpoint reads all of its few dozen). */
    static final int MAX_ASKED = 100_000;
    /** Reading a numeric value as double costs the double here and the float32 copy a caller makes of it. */
    static final int BYTES_PER_VALUE = 8 + 4;
    /** Values decoded per step: 64 KB of doubles, whatever the storage type. */
    private static final int STEP_VALUES = 1 << 13;

    /** Which variables to read values of (the others are listed with class and shape only). */
    interface Selection {
        boolean wants(String name, int matlabClass, int[] dims, long count);

        /**
         * Whether a wanted real numeric variable is read straight into row-major float32
         * ({@link MatFloats}) instead of doubles: what a data set's X needs, at a third of the memory.
         */
        default boolean asFloats(String name) {
            return false;
        }
    }

    private final Path file;
    private final Selection selection;
    private final boolean refuseDuplicates;
    private final HeapBudget budget;
    /** Variables listed so far. */
    private int listed;

    private MatReader(Path file, Selection selection, boolean refuseDuplicates) {
        this.file = file;
        this.selection = selection;
        this.refuseDuplicates = refuseDuplicates;
        this.budget = new HeapBudget();
    }

    /**
     * Every top-level variable in file order (a repeated name as often as it occurs); the wanted
     * ones with their values (numeric or char), the rest as headers ({@link MatVariable#loaded()} false).
     *
     * @param refuseDuplicates refuse a file in which a wanted name occurs twice (MATLAB and scipy
     *                         silently keep the last; clnn will not guess)
     */
    static MatContents read(Path file, Selection selection, boolean refuseDuplicates) {
        return new MatReader(file, selection, refuseDuplicates).run();
    }

    private DataException bad(String what) {
        return new DataException(file + ": " + what);
    }

    private MatContents run() {
        List<MatVariable> out = new ArrayList<>();
        Map<String, MatFloats> floats = new HashMap<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        int asked = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteOrder order = MatHeader.read(file, ch);
            long size = ch.size();
            long pos = MatHeader.BYTES;
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
                Element element = new Element(index, order);
                MatVariable v;
                if (type == MI_COMPRESSED) {
                    try (MatInput in = MatInput.inflated(ch, pos + 8, bytes, element::fail)) {
                        try {
                            Tag inner = element.tag(in);
                            if (inner.type != MI_MATRIX) {
                                throw bad("compressed element #" + index + " holds type " + inner.type + ", not a variable; "
                                        + "the file is damaged");
                            }
                            v = element.matrix(in, inner.bytes, true);
                        } catch (DataException e) {
                            // Garbage read from a damaged zlib stream can look like a damaged header before
                            // zlib notices: name the real cause when the stream itself is broken.
                            in.requireIntactStream();
                            throw e;
                        }
                    }
                    pos += 8 + bytes;
                } else if (type == MI_MATRIX) {
                    try (MatInput in = MatInput.raw(ch, pos + 8, bytes, element::fail)) {
                        v = element.matrix(in, bytes, false);
                    }
                    pos += 8 + bytes + (8 - bytes % 8) % 8;
                } else {
                    throw bad("unexpected element type " + type + " at byte " + pos + " where a variable should start; "
                            + "the file is damaged or not a MAT file");
                }
                if (element.asked) {
                    if (++asked > MAX_ASKED) {
                        throw bad("holds more than " + MAX_ASKED + " variables to read; clnn's files hold a few dozen: "
                                + "this is not a clnn model or checkpoint, or it is damaged");
                    }
                    Integer firstAt = firstIndex.putIfAbsent(v.name(), index);
                    if (firstAt != null && refuseDuplicates) {
                        throw bad("two variables are named '" + Text.printable(v.name()) + "' (#" + firstAt + " and #"
                                + index + "); MATLAB and scipy keep only the last one, clnn will not guess: save the file "
                                + "with one '" + Text.printable(v.name()) + "'");
                    }
                    if (element.floats != null) floats.putIfAbsent(v.name(), element.floats);
                }
                if (element.asked || out.size() < MAX_LISTED) out.add(v);
                listed = out.size();
            }
            return new MatContents(out, index, floats);
        } catch (IOException e) {
            throw bad("cannot be read (" + MatFile.oneLine(e) + ")");
        }
    }

    /** One top-level element being read: its number, and its name once known, for messages. */
    private final class Element {
        final int index;
        final ByteOrder order;
        final byte[] word = new byte[8];
        String name;
        /** Whether the selection asked for this variable (by name; whether or not it can be read). */
        boolean asked;
        /** Its values, when the selection asked for them as float32. */
        MatFloats floats;

        Element(int index, ByteOrder order) {
            this.index = index;
            this.order = order;
        }

        DataException fail(String what) {
            return bad("variable #" + index + (name == null ? "" : " ('" + Text.printable(name) + "')") + ": " + what);
        }

        Tag tag(MatInput in) {
            in.readFully(word, 0, 8);
            ByteBuffer b = ByteBuffer.wrap(word).order(order);
            int first = b.getInt(0);
            // Small data element: the byte count in the upper half of the first word, up to 4 data
            // bytes in the second word.
            if ((first >>> 16) != 0) {
                if ((first >>> 16) > 4) {
                    throw fail("a small data element claims " + (first >>> 16) + " bytes (at most 4 fit); the file is "
                            + "damaged");
                }
                return new Tag(first & 0xFFFF, first >>> 16, true, b.getInt(4));
            }
            return new Tag(first, b.getInt(4) & 0xFFFFFFFFL, false, 0);
        }

        /**
         * Reads an miMATRIX's flags, dimensions and name; then its values when wanted. {@code length}
         * is the matrix's byte count after its tag.
         */
        MatVariable matrix(MatInput in, long length, boolean compressed) {
            long start = in.position();
            Tag flagsTag = tag(in);
            if (flagsTag.type != MI_UINT32 || flagsTag.bytes != 8 || flagsTag.small) {
                throw fail("its array flags are damaged; the file is corrupt");
            }
            int flags = readInts(in, 2)[0];
            int cls = flags & 0xFF;
            boolean complex = (flags & 0x0800) != 0;
            boolean logical = (flags & 0x0200) != 0;
            Tag dimsTag = tag(in);
            if (dimsTag.type != MI_INT32 || dimsTag.small || dimsTag.bytes < 8 || dimsTag.bytes % 4 != 0
                    || dimsTag.bytes > 4 * 32) {
                throw fail("its dimensions are damaged; the file is corrupt");
            }
            int[] dims = readInts(in, (int) dimsTag.bytes / 4);
            skipPadding(in, dimsTag);
            long count = elements(dims);
            Tag nameTag = tag(in);
            if (nameTag.type != MI_INT8 || nameTag.bytes > MAX_NAME_BYTES) {
                throw fail("its name is damaged; the file is corrupt");
            }
            byte[] n = new byte[(int) nameTag.bytes];
            if (nameTag.small) {
                ByteBuffer.allocate(4).order(order).putInt(nameTag.inline).flip().get(n);
            } else {
                in.readFully(n, 0, n.length);
                skipPadding(in, nameTag);
            }
            name = utf8(n);
            if (in.position() - start > length) throw fail("it ends inside its header; the file is truncated or damaged");
            String kind = logical && cls == 9 ? "logical" : cls < CLASS_NAMES.length ? CLASS_NAMES[cls]
                    : "unknown class " + cls;
            boolean numeric = cls >= 6 && cls <= 15;
            boolean sparse = cls == CLASS_SPARSE;
            boolean readable = (numeric && !complex) || cls == CLASS_CHAR;
            // A listing (no duplicate refusal) stops reading values once it has listed enough.
            asked = selection.wants(name, cls, dims, count) && (refuseDuplicates || listed < MAX_LISTED);
            if (!readable || !asked) {
                return new MatVariable(name, kind, dims, complex, sparse, null, null);
            }
            Tag data = tag(in);
            int per = data.type > 0 && data.type < STORAGE_BYTES.length ? STORAGE_BYTES[data.type] : 0;
            if (per == 0) throw fail("it stores its values with unknown type " + data.type + "; the file is corrupt");
            long expected = count * per;
            boolean utf8 = cls == CLASS_CHAR && data.type == MI_UTF8;
            if (utf8 ? data.bytes < count || data.bytes > count * 4 : data.bytes != expected) {
                String shape = MatVariable.shape(dims);
                throw bad("variable '" + Text.printable(name) + "' is " + shape + " (" + count + " values) but its data "
                        + "hold " + data.bytes / per + "; the header and the data disagree: the file is damaged");
            }
            long left = Math.min(length - (in.position() - start), in.maxBytes() - in.position());
            if (!data.small && data.bytes > left) {
                throw fail("it claims " + data.bytes + " bytes of data but holds only " + Math.max(0, left)
                        + "; the file is damaged");
            }
            if (count > Integer.MAX_VALUE - 16) {
                throw bad("variable '" + Text.printable(name) + "' (" + MatVariable.shape(dims) + ") has " + count
                        + " values, more than one Java array holds; split the data into several files");
            }
            MatVariable v;
            if (cls == CLASS_CHAR) {
                budget.take(count * 2 + data.bytes, 0, () -> tooLarge(dims, kind, count * 2 + data.bytes));
                String text = chars(in, data, dims, (int) count);
                v = new MatVariable(name, kind, dims, false, false, null, text);
            } else if (selection.asFloats(name)) {
                int rows = dims[0];
                int cols = rows == 0 ? 0 : (int) (count / rows);
                long bytes = count * 4 + RowMajorFloats.blockBytes(rows, cols);
                budget.take(bytes, 0, () -> tooLarge(dims, kind, bytes));
                RowMajorFloats sink = new RowMajorFloats(rows, cols);
                readValues(in, data, (int) count, sink::accept);
                floats = sink.result();
                v = new MatVariable(name, kind, dims, false, false, null, null);
            } else {
                budget.take(count * 8, count * 4, () -> tooLarge(dims, kind, count * BYTES_PER_VALUE));
                double[] values = new double[(int) count];
                int[] done = {0};
                readValues(in, data, (int) count, (step, taken) -> {
                    System.arraycopy(step, 0, values, done[0], taken);
                    done[0] += taken;
                });
                v = new MatVariable(name, kind, dims, false, false, values, null);
            }
            if (compressed) {
                // The rest of the variable (padding) must inflate, and the stream must end here.
                in.skip(Math.max(0, length - (in.position() - start)));
                in.finish();
            }
            return v;
        }

        /** The product of the dimensions, saturating far above any array size instead of overflowing. */
        private long elements(int[] dims) {
            long count = 1;
            for (int d : dims) {
                if (d < 0) throw fail("it has a negative dimension (" + d + "); the file is corrupt");
                count = d == 0 || count == 0 ? 0 : count > Long.MAX_VALUE / 16 / d ? Long.MAX_VALUE / 16 : count * d;
            }
            return count;
        }

        private DataException tooLarge(int[] dims, String kind, long bytes) {
            return bad("variable '" + Text.printable(name) + "' (" + MatVariable.shape(dims) + " " + kind + ") needs "
                    + HeapBudget.size(bytes) + " of memory to load, more than the " + HeapBudget.size(budget.usable())
                    + " this JVM can give it; loading it needs at least " + budget.heapFor(bytes) + " (java "
                    + budget.heapFor(bytes) + " -jar engine.jar ...; training needs more) or use a smaller file");
        }

        private int[] readInts(MatInput in, int n) {
            byte[] b = new byte[n * 4];
            in.readFully(b, 0, b.length);
            int[] v = new int[n];
            ByteBuffer.wrap(b).order(order).asIntBuffer().get(v);
            return v;
        }

        private void skipPadding(MatInput in, Tag t) {
            if (!t.small) in.skip((8 - t.bytes % 8) % 8);
        }

        /**
         * Decodes the {@code count} column-major values of a data element, each storage type read
         * signed or unsigned as stored, and hands them to {@code sink} as doubles, a step at a time.
         */
        private void readValues(MatInput in, Tag data, int count, Sink sink) {
            double[] step = new double[Math.max(1, Math.min(count, STEP_VALUES))];
            if (data.small) {
                ByteBuffer b = ByteBuffer.allocate(4).order(order).putInt(data.inline);
                b.flip();
                for (int i = 0; i < count; i++) step[i] = MatReader.decode(b, data.type);
                sink.accept(step, count);
                return;
            }
            int per = STORAGE_BYTES[data.type];
            byte[] chunk = new byte[step.length * per];
            int done = 0;
            while (done < count) {
                int take = Math.min(count - done, step.length);
                in.readFully(chunk, 0, take * per);
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, take * per).order(order);
                if (data.type == MI_DOUBLE) {
                    b.asDoubleBuffer().get(step, 0, take);
                } else {
                    for (int i = 0; i < take; i++) step[i] = MatReader.decode(b, data.type);
                }
                sink.accept(step, take);
                done += take;
            }
            skipPadding(in, data);
        }

        /** The first row of a char array (what a 1 x n text variable holds). */
        private String chars(MatInput in, Tag data, int[] dims, int count) {
            byte[] raw = new byte[(int) data.bytes];
            if (data.small) {
                ByteBuffer.allocate(4).order(order).putInt(data.inline).flip().get(raw);
            } else {
                in.readFully(raw, 0, raw.length);
                skipPadding(in, data);
            }
            if (dims[0] == 0) return null;
            int rows = dims[0];
            int cols = count / rows;
            if (data.type == MI_UTF8) {
                String s = utf8(raw);
                if (rows == 1 || s.length() != count) return s;
                StringBuilder b = new StringBuilder(cols);
                for (int c = 0; c < cols; c++) b.append(s.charAt(c * rows));
                return b.toString();
            }
            ByteBuffer b = ByteBuffer.wrap(raw).order(order);
            StringBuilder s = new StringBuilder(cols);
            int per = STORAGE_BYTES[data.type];
            for (int c = 0; c < cols; c++) {
                b.position(c * rows * per);
                long unit = (long) decode(b, data.type);
                if (unit >= 0 && unit <= Character.MAX_CODE_POINT) s.appendCodePoint((int) unit);
                else s.append('\uFFFD');
            }
            return s.toString();
        }

        private String utf8(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static double decode(ByteBuffer b, int type) {
        return switch (type) {
            case MI_INT8 -> b.get();
            case MI_UINT8, MI_UTF8 -> b.get() & 0xFF;
            case MI_INT16 -> b.getShort();
            case MI_UINT16, MI_UTF16 -> b.getShort() & 0xFFFF;
            case MI_INT32 -> b.getInt();
            case MI_UINT32, MI_UTF32 -> b.getInt() & 0xFFFFFFFFL;
            case MI_SINGLE -> b.getFloat();
            case MI_DOUBLE -> b.getDouble();
            case MI_INT64 -> b.getLong();
            case MI_UINT64 -> unsigned(b.getLong());
            default -> throw new IllegalStateException("storage type " + type);
        };
    }

    /** Where decoded values go: {@code n} of them at the start of {@code values}. */
    private interface Sink {
        void accept(double[] values, int n);
    }

    /** A uint64 as a double: values of 2^63 and above are not negative. */
    static double unsigned(long v) {
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }

    /**
     * A data element's tag. In the small-element format the byte count sits in the upper half of the
     * first word and up to 4 data bytes ({@code inline}) fill the second; otherwise the tag is two
     * words and the data follow, padded to a multiple of 8 bytes.
     */
    private record Tag(int type, long bytes, boolean small, int inline) {
    }
}
