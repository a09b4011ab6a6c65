package clnn.cli;

import clnn.Text;

/**
 * Text from files (paths, variable names, stored options) as printed on stdout: control characters
 * escaped so a name cannot drive the terminal, and long text capped.
 */
final class Shown {
    private Shown() {
    }

    static String of(Object s) {
        return Text.printable(String.valueOf(s), 500);
    }
}
