package clnn.data;

import java.util.Optional;

/**
 * Which stored label means class 0, once labels have been read: none (labels used as stored), or
 * one label K, as in the ex3 digits where 10 means the digit 0. It travels as this value from the
 * loader to the model file and back (model.mat stores it as the text "K->0" or "none"), so data read
 * for a model are labelled the way its training data were.
 *
 * @param storedAsZero the stored label K that means class 0, or -1 for none
 */
public record LabelRemap(int storedAsZero) {
    /** Labels used as stored. */
    public static final LabelRemap NONE = new LabelRemap(-1);

    /**
     * Checks the stored label.
     *
     * @param storedAsZero the stored label K that means class 0 (at least 1), or -1 for none
     * @throws clnn.DataException when {@code storedAsZero} is neither -1 nor at least 1
     */
    public LabelRemap {
        if (storedAsZero < 1 && storedAsZero != -1) {
            throw new clnn.DataException("a label remap maps a positive stored label K to class 0 (or none), got "
                    + storedAsZero);
        }
    }

    /**
     * Stored label {@code k} (at least 1) means class 0.
     *
     * @param k the stored label that means class 0, as 10 in the ex3 digits
     * @return the remap
     * @throws clnn.DataException when {@code k} is below 1
     */
    public static LabelRemap of(int k) {
        return new LabelRemap(k);
    }

    /**
     * Whether labels are used as stored.
     *
     * @return true for {@link #NONE}
     */
    public boolean isNone() {
        return storedAsZero < 0;
    }

    /**
     * The form model.mat stores.
     *
     * @return {@code "10->0"} (for K = 10), or {@code "none"}
     */
    public String text() {
        return isNone() ? "none" : storedAsZero + "->0";
    }

    /**
     * The value {@link #text()} wrote. Surrounding spaces are ignored; nothing else is accepted.
     *
     * @param text {@code "none"} or {@code "K->0"} with K in decimal digits
     * @return the remap, or empty when {@code text} is neither {@code "none"} nor {@code "K->0"} with
     *         {@code 1 <= K <= Integer.MAX_VALUE}
     */
    public static Optional<LabelRemap> parse(String text) {
        String t = text.trim();
        if (t.equals("none")) return Optional.of(NONE);
        if (!t.endsWith("->0")) return Optional.empty();
        String k = t.substring(0, t.length() - 3).trim();
        if (k.isEmpty() || k.length() > 10 || !k.chars().allMatch(c -> c >= '0' && c <= '9')) return Optional.empty();
        long v = Long.parseLong(k);
        return v >= 1 && v <= Integer.MAX_VALUE ? Optional.of(new LabelRemap((int) v)) : Optional.empty();
    }

    @Override
    public String toString() {
        return text();
    }
}
