package clnn.data.npy;

import clnn.DataException;
import clnn.Text;
import java.nio.ByteOrder;

/**
 * The element type of a .npy array, from the header's {@code descr} ("&lt;f8", "|u1", "&gt;i4", "&lt;U12"):
 * the numeric types clnn reads as numbers, bool, and Unicode text (a model's clnn_* strings). Object
 * arrays (pickled Python objects) and structured or other types are refused with the fix.
 *
 * @param kind  'f' float, 'i' signed, 'u' unsigned, 'b' bool, 'U' text (UTF-32, one code point per 4 bytes)
 * @param size  bytes per element
 * @param order the byte order of each element (irrelevant for one-byte types)
 * @param descr the descr as the file spells it
 */
public record NpyType(char kind, int size, ByteOrder order, String descr) {
    /** What {@code descr} may name, for messages. */
    static final String ACCEPTED = "float32/64, int8..64, uint8..64 or bool (descr <f4 <f8 <i1..<i8 <u1..<u8 |b1, "
            + "either byte order)";

    /**
     * The type a descr names, or a refusal naming {@code where} (the file and array) and the fix.
     *
     * @param descr the header's descr string
     * @param where what to name in a refusal, "data/X.npy" or "model.npz W1"
     * @return the element type
     * @throws DataException for object, structured and unsupported types
     */
    public static NpyType parse(String descr, String where) {
        if (descr.length() < 2 || "<>|=".indexOf(descr.charAt(0)) < 0) {
            throw unsupported(descr, where);
        }
        char endian = descr.charAt(0);
        char kind = descr.charAt(1);
        if (kind == 'O') {
            throw new DataException(where + " holds Python objects (dtype object, stored pickled), which clnn never "
                    + "unpickles; save a numeric array, e.g. np.save(f, np.asarray(X, dtype=np.float32))");
        }
        String digits = descr.substring(2);
        if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw unsupported(descr, where);
        }
        int size = Integer.parseInt(digits);
        boolean ok = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            case 'U' -> size >= 1;
            default -> false;
        };
        if (!ok) throw unsupported(descr, where);
        int bytes = kind == 'U' ? size * 4 : size;
        // '=' is "native" in numpy's own notation; files written by numpy on every common machine are little-endian.
        ByteOrder order = endian == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new NpyType(kind, bytes, order, descr);
    }

    private static DataException unsupported(String descr, String where) {
        return new DataException(where + " has dtype '" + Text.printable(descr, 40) + "', which clnn does not read; "
                + "save it as " + ACCEPTED);
    }

    /**
     * Whether the elements are numbers (bool counts as 0 and 1).
     *
     * @return false for text
     */
    public boolean numeric() {
        return kind != 'U';
    }

    /**
     * numpy's name of the type: "float64", "uint8", "bool", "str".
     *
     * @return the name
     */
    public String name() {
        return switch (kind) {
            case 'f' -> "float" + size * 8;
            case 'i' -> "int" + size * 8;
            case 'u' -> "uint" + size * 8;
            case 'b' -> "bool";
            default -> "str";
        };
    }
}
