package clnn.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code -Dclnn.profile=true}: where a command's wall time goes, printed to stderr when it ends.
 *
 * <p>The main thread's phases are consecutive: {@link #mark} closes the phase that ran since the
 * previous mark, so the rows add up to the time from {@code main} to the report. Work on other
 * threads ({@link #background}) is listed apart, with when it started and ended relative to
 * {@code main}, and is not part of the sum. The first row, JVM start to {@code main}, comes from the
 * process's start time (Linux, 10 ms resolution), or from {@code -Dclnn.profile.t0=EPOCH_NANOS}
 * when a script passes its own clock ({@code date +%s%N}) for the whole process. The JVM's exit after
 * the report is not seen from inside; bench/wall-breakdown.sh measures it from outside.
 *
 * <p>Off (the default), every method returns at once and nothing is allocated.
 */
final class Profile {
    static final String PROPERTY = "clnn.profile";
    static final boolean ON = Boolean.getBoolean(PROPERTY);

    private record Row(String phase, long startNs, long endNs, boolean background) {
    }

    private static final List<Row> rows = new ArrayList<>();
    private static long origin;
    private static long last;

    private Profile() {
    }

    /** Main's first line: the origin of every row. */
    static synchronized void start() {
        if (!ON || origin != 0) return;
        origin = System.nanoTime();
        last = origin;
        long sinceStart = jvmStartToNowNs();
        if (sinceStart >= 0) rows.add(new Row("JVM start to main", origin - sinceStart, origin, false));
    }

    /** Closes the main thread's phase that ran since the previous mark. */
    static synchronized void mark(String phase) {
        if (!ON) return;
        if (origin == 0) start();
        long now = System.nanoTime();
        rows.add(new Row(phase, last, now, false));
        last = now;
    }

    /** A phase of another thread, from {@code startNs} (System.nanoTime) to now. */
    static synchronized void background(String phase, long startNs) {
        if (!ON) return;
        rows.add(new Row(phase, startNs, System.nanoTime(), true));
    }

    static long now() {
        return ON ? System.nanoTime() : 0;
    }

    /** Prints the table (once) and forgets it, so that a second command in the same JVM starts afresh. */
    static void report(PrintStream err) {
        report(err, "");
    }

    /** The table with each row's name after {@code prefix} (the relaunching JVM's rows: "parent JVM: "). */
    static synchronized void report(PrintStream err, String prefix) {
        if (!ON || rows.isEmpty()) return;
        long end = last;
        StringBuilder s = new StringBuilder("profile (-D" + PROPERTY + "=true), ms:\n");
        long sum = 0;
        for (Row r : rows) {
            if (r.background) continue;
            long ms = r.endNs - r.startNs;
            sum += ms;
            s.append(String.format(Locale.ROOT, "  %8.1f  %s%s%n", ms / 1e6, prefix, r.phase));
        }
        s.append(String.format(Locale.ROOT, "  %8.1f  %stotal, JVM start to this report (the JVM's exit follows)%n", sum / 1e6,
                prefix));
        for (Row r : rows) {
            if (!r.background) continue;
            s.append(String.format(Locale.ROOT, "  %8.1f  [other thread, %.0f..%.0f ms after main] %s%s%n",
                    (r.endNs - r.startNs) / 1e6, (r.startNs - origin) / 1e6, (r.endNs - origin) / 1e6, prefix, r.phase));
        }
        err.print(s);
        err.flush();
        rows.clear();
        origin = 0;
        last = end;
    }

    /**
     * Nanoseconds from the JVM's start to now: -Dclnn.profile.t0 when given, else, on Linux, the
     * process's start in clock ticks since boot (/proc/self/stat) against the time since boot
     * (/proc/uptime), both to 10 ms; -1 when unknown. (ProcessHandle's start instant adds the boot
     * time in whole seconds, an error of up to a second.)
     */
    private static long jvmStartToNowNs() {
        String t0 = System.getProperty(PROPERTY + ".t0");
        if (t0 != null) {
            try {
                Instant now = Instant.now();
                return (now.getEpochSecond() * 1_000_000_000L + now.getNano()) - Long.parseLong(t0.trim());
            } catch (NumberFormatException ignored) {
                // fall back to /proc
            }
        }
        try {
            String uptime = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime"));
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            // Field 22 (starttime) counts from the field after the command name, which may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long startTicks = Long.parseLong(f[19]);
            double upSeconds = Double.parseDouble(uptime.trim().split("\\s+")[0]);
            return (long) ((upSeconds - startTicks / 100.0) * 1e9);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
