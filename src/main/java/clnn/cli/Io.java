package clnn.cli;

import java.io.PrintStream;

/** The streams the current command writes to (System.out/err, or a test's buffers). */
final class Io {
    private static PrintStream out = System.out;
    private static PrintStream err = System.err;

    private Io() {
    }

    static synchronized void set(PrintStream o, PrintStream e) {
        out = o;
        err = e;
    }

    static synchronized PrintStream out() {
        return out;
    }

    static synchronized PrintStream err() {
        return err;
    }
}
