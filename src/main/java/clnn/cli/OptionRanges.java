package clnn.cli;

/**
 * Range checks for numeric options, run before any file is read: picocli only checks that a value
 * parses, so "--epochs 0", "--lr NaN" or "--classes -1" would otherwise reach the trainer (or, worse,
 * silently mean something else).
 */
final class OptionRanges {
    /** The largest class count the loader accepts. */
    static final int MAX_CLASSES = clnn.data.DatasetLoader.MAX_CLASSES;

    private OptionRanges() {
    }

    static void atLeast(String option, long value, long min) {
        if (value < min) throw new BadOption(option + " is " + value + "; give a whole number of at least " + min);
    }

    static void between(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new BadOption(option + " is " + value + "; give a whole number from " + min + " to " + max);
        }
    }

    static void positiveFinite(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new BadOption(option + " is " + value + "; give a finite number greater than 0 (e.g. 0.001)");
        }
    }

    /** A fraction in [0, 1): NaN fails this test too. */
    static void fraction(String option, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new BadOption(option + " is " + value + "; give a fraction from 0 (off) up to, not including, 1 "
                    + "(e.g. 0.2)");
        }
    }
}
