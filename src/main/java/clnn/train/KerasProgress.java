package clnn.train;

import clnn.History;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints training progress the way Keras's fit does:
 * <pre>
 * Epoch 1/40
 * 157/157 ━━━━━━━━━━━━━━━━━━━━ 0s 631us/step - loss: 1.9685
 * </pre>
 * verbose 1 redraws a live bar on a terminal (at most every {@link #REDRAW_NANOS}, reading the
 * running loss then; during the epoch the time shown is the estimated time remaining, as Keras's
 * ETA, and the epoch's total at its end) and prints one line per epoch otherwise; verbose 2 prints
 * {@code 157/157 - 0s - 631us/step - loss: 1.9685}; verbose 0 prints nothing. Where the output's
 * charset cannot encode the box-drawing bar (a console under {@code LANG=C}), the bar is drawn in
 * ASCII: {@code [==========>.........]}.
 */
public final class KerasProgress implements TrainingListener {
    static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 20;

    private final PrintStream out;
    private final int verbose;
    private final boolean live;
    private final boolean unicode;
    private int epochs;
    private int steps;
    private long epochStart;
    private long lastDraw;

    /**
     * A progress printer; the bar is drawn in ASCII when {@code out} cannot encode box-drawing characters.
     *
     * @param out     where progress goes
     * @param verbose 0 silent, 1 bar (or one line per epoch when not live), 2 one line per epoch
     * @param live    whether {@code out} is a terminal the bar can be redrawn on (see {@link #stdoutIsTerminal()})
     */
    public KerasProgress(PrintStream out, int verbose, boolean live) {
        this(out, verbose, live, canDrawBoxes(out));
    }

    /** @param unicode draw the bar with box-drawing characters (else ASCII) */
    KerasProgress(PrintStream out, int verbose, boolean live, boolean unicode) {
        this.out = out;
        this.verbose = verbose;
        this.live = live && verbose == 1;
        this.unicode = unicode;
    }

    /**
     * Whether standard output is a terminal: on Linux, where file descriptor 1 points (a pseudo-terminal or a tty);
     * elsewhere, whether the JVM has a console (which also needs standard input to be one).
     *
     * @return true when a live bar can be drawn on System.out
     */
    public static boolean stdoutIsTerminal() {
        try {
            java.nio.file.Path fd = java.nio.file.Path.of("/proc/self/fd/1");
            if (java.nio.file.Files.isSymbolicLink(fd)) {
                String target = java.nio.file.Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no /proc: fall back to the console
        }
        return System.console() != null;
    }

    /** Whether {@code out} encodes the bar's box-drawing characters (not under LANG=C, where they print as '?'). */
    static boolean canDrawBoxes(PrintStream out) {
        return clnn.Text.canPrint(out, "\u2501\u257a");
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch) {
        this.epochs = epochs;
        this.steps = stepsPerEpoch;
    }

    @Override
    public void onEpochBegin(int epoch) {
        if (verbose == 0) return;
        out.println("Epoch " + epoch + "/" + epochs);
        epochStart = System.nanoTime();
        lastDraw = epochStart;
    }

    /** A live bar wants a chunk of steps every redraw; printing one line per epoch needs none. */
    @Override
    public long updateIntervalNanos() {
        return live ? REDRAW_NANOS : Long.MAX_VALUE;
    }

    @Override
    public void onStep(int step, RunningLoss probe) {
        if (!live || step == steps) return;
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        // Keras shows the estimated time remaining while the epoch runs: the steps left at the rate so far.
        double remaining = elapsed / step * (steps - step);
        out.print("\r" + line(step, remaining, elapsed / step, probe.read()) + "\u001b[K");
        out.flush();
    }

    @Override
    public void onEpochEnd(History.Epoch e) {
        if (verbose == 0) return;
        String metrics = " - loss: " + fmt(e.loss()) + (e.hasValidation() ? " - val_loss: " + fmt(e.valLoss()) : "");
        if (verbose == 2) {
            out.println(e.steps() + "/" + e.steps() + " - " + Math.round(e.seconds()) + "s - "
                    + perStep(e.seconds() / e.steps()) + metrics);
        } else {
            out.println((live ? "\r" : "") + line(e.steps(), e.seconds(), e.seconds() / e.steps(), e.loss())
                    + (e.hasValidation() ? " - val_loss: " + fmt(e.valLoss()) : "") + (live ? "\u001b[K" : ""));
        }
        out.flush();
    }

    /** {@code seconds}: the time remaining during an epoch, the epoch's total at its end. */
    private String line(int step, double seconds, double perStep, double loss) {
        int width = String.valueOf(steps).length();
        String count = String.format(Locale.ROOT, "%" + width + "d/%d", step, steps);
        return count + " " + bar(step) + " " + Math.round(seconds) + "s " + perStep(perStep) + " - loss: "
                + fmt(loss);
    }

    private String bar(int step) {
        int done = (int) ((long) step * BAR / steps);
        if (!unicode) {
            StringBuilder sb = new StringBuilder(BAR + 2).append('[');
            for (int i = 0; i < BAR; i++) sb.append(i < done ? '=' : i == done ? '>' : '.');
            return sb.append(']').toString();
        }
        StringBuilder sb = new StringBuilder(BAR);
        for (int i = 0; i < BAR; i++) sb.append(i < done ? '━' : (i == done ? '╺' : '━'));
        if (done < BAR) {
            // Keras draws the remaining part dimmed; on a terminal use the faint attribute.
            return sb.substring(0, done) + "\u001b[2m" + sb.substring(done) + "\u001b[0m";
        }
        return sb.toString();
    }

    /** Keras's per-step time: us below a millisecond, ms below a second, else s. */
    static String perStep(double seconds) {
        if (seconds < 1e-3) return Math.round(seconds * 1e6) + "us/step";
        if (seconds < 1) return Math.round(seconds * 1e3) + "ms/step";
        return Math.round(seconds) + "s/step";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
