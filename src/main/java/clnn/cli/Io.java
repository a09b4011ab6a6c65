package clnn.cli;

import java.io.PrintStream;

/** The stream the current command writes its output to (System.out, or a test's buffer). */
final class Io {
    private static PrintStream out = System.out;

    private Io() {
    }

    static synchronized void set(PrintStream o) {
        out = o;
    }

    static synchronized PrintStream out() {
        return out;
    }
}
