package clnn.data.npy;

import clnn.DataException;
import clnn.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The header of a .npy array: the magic "\x93NUMPY", a version (1, 2 or 3), the header's length
 * (2 bytes in version 1, 4 after), and a Python dict literal with descr, fortran_order and shape.
 * Parsed here by a small reader for exactly that literal, never evaluated; anything else in it is a
 * damaged header.
 *
 * @param type         the element type
 * @param fortranOrder whether the data are stored column-major
 * @param shape        the dimensions, each checked to fit an int; empty for a 0-d array
 * @param length       bytes from the magic to the first data byte
 */
public record NpyHeader(NpyType type, boolean fortranOrder, int[] shape, long length) {
    /** The first six bytes of every .npy file. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Real headers are a few hundred bytes; a longer one is damage, not data, and is not read into memory. */
    static final int MAX_HEADER = 1 << 16;

    /**
     * Reads and checks the header at the start of {@code in}, leaving the stream at the data.
     *
     * @param in    the stream, at the magic
     * @param where what to name in a refusal ("data/X.npy", "data.npz entry X.npy")
     * @return the header
     * @throws DataException when the magic, version, length or dict is wrong
     * @throws IOException   when the stream cannot be read
     */
    public static NpyHeader read(InputStream in, String where) throws IOException {
        byte[] start = in.readNBytes(8);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= start.length || start[i] != MAGIC[i]) {
                throw new DataException(where + ": not a .npy array (it does not start with \\x93NUMPY); write it with "
                        + "np.save");
            }
        }
        if (start.length < 8) throw truncated(where);
        int major = start[6] & 0xff;
        if (major < 1 || major > 3) {
            throw new DataException(where + ": .npy format version " + major + "." + (start[7] & 0xff) + " is not 1, 2 "
                    + "or 3; the file is damaged or from a future numpy (re-save it with np.save)");
        }
        byte[] len = in.readNBytes(major == 1 ? 2 : 4);
        if (len.length < (major == 1 ? 2 : 4)) throw truncated(where);
        long headerLength = 0;
        for (int i = len.length - 1; i >= 0; i--) headerLength = (headerLength << 8) | (len[i] & 0xff);
        if (headerLength > MAX_HEADER) {
            throw new DataException(where + ": the .npy header claims " + headerLength + " bytes (real ones are a few "
                    + "hundred); the file is damaged");
        }
        byte[] dict = in.readNBytes((int) headerLength);
        if (dict.length < headerLength) throw truncated(where);
        String text = new String(dict, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> fields;
        try {
            fields = new Literal(text).dict();
        } catch (IllegalArgumentException e) {
            throw new DataException(where + ": the .npy header is not the dict np.save writes (" + e.getMessage()
                    + "): '" + Text.printable(text.strip(), 120) + "'; the file is damaged");
        }
        Object descr = fields.get("descr");
        Object fortran = fields.get("fortran_order");
        Object shape = fields.get("shape");
        if (descr instanceof List<?>) {
            throw new DataException(where + " is a structured array (fields " + Text.printable(descr.toString(), 80)
                    + "); save one plain numeric array per name instead");
        }
        if (!(descr instanceof String d) || !(fortran instanceof Boolean f) || !(shape instanceof List<?> dims)) {
            throw new DataException(where + ": the .npy header lacks descr, fortran_order or shape: '"
                    + Text.printable(text.strip(), 120) + "'; the file is damaged");
        }
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(dims.get(i) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
                throw new DataException(where + ": the .npy header's shape " + Text.printable(shape.toString(), 80)
                        + " holds " + Text.printable(String.valueOf(dims.get(i)), 30) + ", not a dimension clnn can "
                        + "hold (0 to " + Integer.MAX_VALUE + "); the file is damaged or the array too large");
            }
            out[i] = (int) (long) v;
        }
        return new NpyHeader(NpyType.parse(d, where), f, out, 8L + len.length + headerLength);
    }

    private static DataException truncated(String where) {
        return new DataException(where + ": the file ends inside its .npy header; it is truncated");
    }

    /**
     * The number of elements (1 for a 0-d array).
     *
     * @return the product of the shape
     */
    public long count() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /**
     * Bytes of data the shape and type call for; Long.MAX_VALUE for a shape beyond any file (no overflow).
     *
     * @return the byte count
     */
    public long dataBytes() {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Long.MAX_VALUE / 64) return Long.MAX_VALUE;
        }
        return n * type.size();
    }

    /**
     * The dimensions as clnn's variables hold them: a 0-d array is 1x1, as MATLAB would see a scalar.
     *
     * @return a copy of the dimensions
     */
    public int[] dims() {
        return shape.length == 0 ? new int[] {1, 1} : shape.clone();
    }

    /**
     * "(5000, 400)", numpy's way of printing a shape.
     *
     * @return the shape as text
     */
    public String shapeText() {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** A reader for the literal np.save writes: a dict of str keys to str, bool, int tuples, or (structured) lists. */
    private static final class Literal {
        private final String s;
        private int i;

        Literal(String s) {
            this.s = s;
        }

        Map<String, Object> dict() {
            skip();
            expect('{');
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            skip();
            while (peek() != '}') {
                Object key = value();
                if (!(key instanceof String k)) throw new IllegalArgumentException("a key that is not a string");
                skip();
                expect(':');
                out.put(k, value());
                skip();
                if (peek() == ',') {
                    i++;
                    skip();
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected , or } at character " + (i + 1));
                }
            }
            i++;
            skip();
            if (i != s.length()) throw new IllegalArgumentException("text after the dict");
            return out;
        }

        private Object value() {
            skip();
            char c = peek();
            if (c == '\'' || c == '"') return string(c);
            if (c == '(' || c == '[') return sequence(c == '(' ? ')' : ']');
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            int start = i;
            if (c == '-') i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            if (i < s.length() && s.charAt(i) == 'L') i++; // Python 2's long suffix, as old numpy wrote it
            String digits = s.substring(start, i).replace("L", "");
            if (digits.isEmpty() || digits.equals("-")) throw new IllegalArgumentException("unexpected character at " + (start + 1));
            if (digits.length() > 19) return digits; // beyond a long: refused as a dimension by the caller
            return Long.parseLong(digits);
        }

        private String string(char quote) {
            int end = s.indexOf(quote, i + 1);
            if (end < 0) throw new IllegalArgumentException("an unterminated string");
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }

        private List<Object> sequence(char close) {
            i++;
            List<Object> out = new ArrayList<>();
            skip();
            while (peek() != close) {
                out.add(value());
                skip();
                if (peek() == ',') {
                    i++;
                    skip();
                } else if (peek() != close) {
                    throw new IllegalArgumentException("expected , or " + close + " at character " + (i + 1));
                }
            }
            i++;
            return out;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private char peek() {
            if (i >= s.length()) throw new IllegalArgumentException("it ends early");
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) throw new IllegalArgumentException("expected " + c + " at character " + (i + 1));
            i++;
        }
    }
}
