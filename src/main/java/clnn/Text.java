package clnn;

/**
 * Text that came from a file (a variable name, a stored option, a label mapping) made safe to show
 * on a terminal: control characters are escaped, so a name cannot move the cursor, set the
 * terminal's title or forge a second "error:" line, and long text is cut with a count.
 */
public final class Text {
    /** Longer text is cut: one message line must stay readable. */
    public static final int MAX_SHOWN = 200;

    private Text() {
    }

    /**
     * Text made safe to print, cut at {@link #MAX_SHOWN} characters.
     *
     * @param s the text, or null
     * @return {@code s} with control characters escaped (\n, \t, \e, \\u0085...), "null" for null
     */
    public static String printable(String s) {
        return printable(s, MAX_SHOWN);
    }

    /**
     * As {@link #printable(String)}, cut at {@code max} characters of the original.
     *
     * @param s   the text, or null
     * @param max the most characters (code points) of {@code s} to show; the rest become a count
     * @return the escaped, cut text, "null" for null
     */
    public static String printable(String s, int max) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16);
        int shown = 0;
        for (int i = 0; i < s.length() && shown < max; ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            shown++;
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x1b -> b.append("\\e");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0xFEFF) {
                        b.append(String.format("\\u%04x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        }
        int total = s.codePointCount(0, s.length());
        if (total > shown) b.append("... (").append(total - shown).append(" more characters)");
        return b.toString();
    }

    /**
     * The first {@code max} items of a list, each made printable, comma-separated.
     *
     * @param items the items, not null
     * @param max   how many to show
     * @return e.g. "a, b, c, ... and 190 more"
     */
    public static String list(java.util.Collection<String> items, int max) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (String s : items) {
            if (i == max) {
                b.append(", ... and ").append(items.size() - max).append(" more");
                break;
            }
            b.append(i > 0 ? ", " : "").append(printable(s, 64));
            i++;
        }
        return b.toString();
    }

    /**
     * A count and its noun, plural unless the count is one.
     *
     * @param n    the count
     * @param noun the singular noun; the plural adds "s"
     * @return e.g. "1 epoch", "2 epochs", "0 images"
     */
    public static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }

    /**
     * Whether {@code out} can encode every character of {@code chars}: false for the box-drawing characters of the
     * progress bar and the model summary on a console under {@code LANG=C}, where they would print as '?'.
     * PrintStream.charset() exists from JDK 18; on 17, System.out encodes with the platform's stdout encoding.
     *
     * @param out   the stream to print to
     * @param chars the characters to print
     * @return whether the stream's charset encodes them all
     */
    public static boolean canPrint(java.io.PrintStream out, String chars) {
        java.nio.charset.Charset charset;
        try {
            charset = (java.nio.charset.Charset) java.io.PrintStream.class.getMethod("charset").invoke(out);
        } catch (ReflectiveOperationException | RuntimeException e) {
            String name = System.getProperty("sun.stdout.encoding", System.getProperty("file.encoding", "UTF-8"));
            try {
                charset = java.nio.charset.Charset.forName(name);
            } catch (RuntimeException unknown) {
                return false;
            }
        }
        return charset.newEncoder().canEncode(chars);
    }
}
