package clnn;

import java.util.Locale;

/** Renders Keras 3's model.summary() table for a {@link Sequential}. */
final class ModelSummary {
    private static final int[] WIDTHS = {33, 24, 15};

    private ModelSummary() {
    }

    /** @param unicode Keras's box-drawing table, else the same table in ASCII (+, -, =, |) */
    static String render(Sequential model, boolean unicode) {
        String s = render(model);
        if (unicode) return s;
        StringBuilder ascii = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            ascii.append(switch (c) {
                case '━' -> '=';
                case '─' -> '-';
                case '┃', '│' -> '|';
                case '┏', '┳', '┓', '┡', '╇', '┩', '├', '┼', '┤', '└', '┴', '┘' -> '+';
                default -> c;
            });
        }
        return ascii.toString();
    }

    static String render(Sequential model) {
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"sequential\"\n");
        sb.append(rule('┏', '┳', '┓', '━'));
        sb.append(row('┃', "Layer (type)", "Output Shape", "Param #"));
        sb.append(rule('┡', '╇', '┩', '━'));
        for (int l = 1; l <= model.layerCount(); l++) {
            int params = model.shape().layerParamCount(l);
            sb.append(row('│', model.layerName(l - 1) + " (Dense)", "(None, " + model.shape().width(l) + ")",
                    String.format(Locale.ROOT, "%,d", params)));
            sb.append(l < model.layerCount() ? rule('├', '┼', '┤', '─') : rule('└', '┴', '┘', '─'));
        }
        int total = model.paramCount();
        sb.append(" Total params: ").append(count(total)).append('\n');
        sb.append(" Trainable params: ").append(count(total)).append('\n');
        sb.append(" Non-trainable params: 0 (0.00 B)\n");
        return sb.toString();
    }

    /** "10,575 (41.31 KB)": float32 parameters, 4 bytes each, in Keras's units (KB = 1024 B). */
    private static String count(int params) {
        double bytes = 4.0 * params;
        String size = bytes < 1024 ? String.format(Locale.ROOT, "%.2f B", bytes)
                : bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.2f KB", bytes / 1024)
                : String.format(Locale.ROOT, "%.2f MB", bytes / (1024 * 1024));
        return String.format(Locale.ROOT, "%,d", params) + " (" + size + ")";
    }

    private static String rule(char left, char mid, char right, char fill) {
        StringBuilder sb = new StringBuilder().append(left);
        for (int c = 0; c < WIDTHS.length; c++) {
            sb.append(String.valueOf(fill).repeat(WIDTHS[c])).append(c < WIDTHS.length - 1 ? mid : right);
        }
        return sb.append('\n').toString();
    }

    private static String row(char edge, String name, String shape, String params) {
        return edge + " " + pad(name, WIDTHS[0] - 2) + " " + edge + " " + pad(shape, WIDTHS[1] - 2) + " " + edge + " "
                + String.format("%" + (WIDTHS[2] - 2) + "s", params) + " " + edge + "\n";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
