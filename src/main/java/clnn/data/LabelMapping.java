package clnn.data;

/**
 * How stored labels become class indices.
 *
 * <p>MATLAB data sets often count classes from 1; the ex3 digits store the digit 0 as label 10. A
 * network's classes count from 0, so label K is mapped to class 0 when the user asks for it, or
 * automatically when the file follows the ex3 convention (10 present, 0 absent).
 */
public enum LabelMapping {
    /** Map K to 0 only for files in the ex3 convention (labels in 1..10 with 10 present, 0 absent). */
    AUTO,
    /** Use labels as stored: they must already be 0..K-1. */
    NONE,
    /** Labels are 1..K: map the largest, K, to class 0 and keep the rest. */
    LAST_TO_ZERO;

    /**
     * Reads the CLI spelling: auto, none, last-to-zero (any case, surrounding spaces ignored).
     *
     * @param s the spelling
     * @return the mapping it names
     * @throws clnn.DataException when {@code s} names no mapping
     */
    public static LabelMapping parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "none" -> NONE;
            case "last-to-zero" -> LAST_TO_ZERO;
            default -> throw new clnn.DataException("unknown label mapping '" + s
                    + "'; use auto, none or last-to-zero");
        };
    }
}
