package clnn.check;

import clnn.backend.Backend;
import clnn.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs every op's case list ({@link Ops#all}) on a backend against the reference backend, and the
 * fixed-seed loss trace, and reports per op how many cases ran, how many failed and the largest
 * error. This is what {@code engine selftest} prints; the parity tests run the same case lists with
 * the same tolerances and assert case by case.
 */
public final class ParityCheck {
    private ParityCheck() {
    }

    /**
     * One op's cases (gemm, softmax_cross_entropy, adam, dense_tail, train_steps) or the loss trace, on one backend.
     *
     * @param name         the op's name, or the trace's ("5-epoch loss trace")
     * @param cases        cases compared
     * @param failures     cases outside their tolerance
     * @param maxError     the largest absolute error over every case
     * @param firstFailure the first failing case described with its tolerance's reason, or null
     */
    public record Family(String name, int cases, int failures, double maxError, String firstFailure) {
        /**
         * Whether the family passed; an empty family does not.
         *
         * @return true when at least one case ran and none failed
         */
        public boolean ok() {
            return failures == 0 && cases > 0;
        }

        /**
         * The family as {@code engine selftest} prints it.
         *
         * @return name, case count, ok or FAIL, the largest error, and the first failure on a second line
         */
        public String line() {
            return String.format(Locale.ROOT, "%-22s %4d cases  %s  max error %.2e%s", name, cases,
                    ok() ? "ok  " : "FAIL", maxError, firstFailure == null ? "" : "\n    " + firstFailure);
        }
    }

    /**
     * Every op's cases on {@code test} against {@code reference}; both stay open.
     *
     * @param reference the backend whose results are expected (the plain CPU reference)
     * @param test      the backend under test
     * @return one family per op of {@link Ops#all}, in that order
     */
    public static List<Family> run(Backend reference, Backend test) {
        List<Family> out = new ArrayList<>();
        for (OpDescription<?> op : Ops.all()) out.add(check(op, reference, test));
        return out;
    }

    /**
     * One op's cases on {@code test} against {@code reference}, each case run on both.
     *
     * @param <C>       the op's case type
     * @param op        the op
     * @param reference the backend whose results are expected
     * @param test      the backend under test
     * @return the op's family
     */
    public static <C extends OpCase> Family check(OpDescription<C> op, Backend reference, Backend test) {
        return check(op, c -> c.run(reference), test);
    }

    /**
     * One op's cases against given expected results.
     *
     * @param <C>      the op's case type
     * @param op       the op
     * @param expected the reference's result of a case (a test may cache it)
     * @param test     the backend under test
     * @return the op's family
     */
    public static <C extends OpCase> Family check(OpDescription<C> op, Function<C, float[]> expected, Backend test) {
        Tally t = new Tally(op.name());
        for (C c : op.cases()) {
            Tolerance tol = op.tolerance(c);
            t.add(c.toString(), tol.compare(expected.apply(c), c.run(test)), tol);
        }
        return t.family();
    }

    /**
     * The trace on the reference and on the backend under test (from the same weights, without
     * shuffling), compared epoch by epoch within {@link Tolerances#TRACE}.
     *
     * @param reference the backend whose losses are expected
     * @param test      the backend under test
     * @param trace     the run, usually {@link LossTrace#reference}
     * @param data      the rows to train on
     * @return a one-case family named after the trace's epochs
     */
    public static Family trace(Backend reference, Backend test, LossTrace trace, Dataset data) {
        double[] expected = trace.run(reference, data);
        double[] actual = trace.run(test, data);
        Tally t = new Tally(trace.epochs() + "-epoch loss trace");
        t.add(LossTrace.describe(expected, actual), LossTrace.compare(expected, actual, Tolerances.TRACE),
                Tolerances.TRACE);
        return t.family();
    }

    private static final class Tally {
        final String name;
        int cases;
        int failures;
        double maxError;
        String first;

        Tally(String name) {
            this.name = name;
        }

        void add(String label, Comparison c, Tolerance tol) {
            cases++;
            maxError = Math.max(maxError, c.maxError());
            if (!c.ok()) {
                failures++;
                if (first == null) first = c.describe(label, tol.abs(), tol.rel()) + " (" + tol.reason() + ")";
            }
        }

        Family family() {
            return new Family(name, cases, failures, maxError, first);
        }
    }
}
