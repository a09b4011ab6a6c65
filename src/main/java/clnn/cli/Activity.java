package clnn.cli;

/**
 * What the running command is doing, in words ("reading data/x.mat", "training"), so that an
 * OutOfMemoryError, which carries no context of its own, can still be reported in one useful line.
 */
final class Activity {
    private static volatile String now = "starting";

    private Activity() {
    }

    static void set(String what) {
        now = what;
    }

    static String now() {
        return now;
    }
}
