package clnn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The relaunched JVM's stderr on its way to ours: every byte is forwarded as it comes, except the
 * one line the JVM prints for {@code --add-modules jdk.incubator.vector}
 * ({@value #WARNING}, a whole line, its first occurrence only). Bytes of a line that could still
 * become that line are held until the line either ends (then it is dropped, or forwarded if it
 * turned out different) or stops matching (then forwarded at once, with the rest of its line);
 * once the warning has been dropped, everything passes straight through. A partial last line at the
 * end of the stream is forwarded as it is: only a whole line is the warning.
 */
final class IncubatorWarningFilter {
    static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";
    private static final byte[] LINE = WARNING.getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    /** Bytes of the current line matched so far (a prefix of LINE, then maybe a '\r'). */
    private int matched;
    private boolean carriageReturn;
    /** The current line is known not to be the warning: its bytes pass until its newline. */
    private boolean passingLine;
    /** The warning was dropped: all bytes pass. */
    private boolean done;

    IncubatorWarningFilter(OutputStream out) {
        this.out = out;
    }

    /** Copies {@code in} to the output through the filter until its end, flushing as bytes arrive. */
    static void pump(InputStream in, OutputStream out) throws IOException {
        IncubatorWarningFilter f = new IncubatorWarningFilter(out);
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) f.write(buf, 0, n);
        f.finish();
    }

    void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int from = off;
        for (int i = off; i < end && !done; i++) {
            byte c = b[i];
            if (passingLine) {
                if (c == '\n') passingLine = false;
                continue;
            }
            // i is inside a line that may still be the warning; bytes before i from 'from' are already passing ones.
            if (i > from) out.write(b, from, i - from);
            from = i + 1;
            if (c == '\n') {
                boolean whole = matched == LINE.length;
                if (whole) {
                    done = true;
                } else {
                    releaseHeld();
                    out.write('\n');
                }
                matched = 0;
                carriageReturn = false;
            } else if (!carriageReturn && matched < LINE.length && LINE[matched] == c) {
                matched++;
            } else if (!carriageReturn && matched == LINE.length && c == '\r') {
                carriageReturn = true;
            } else {
                releaseHeld();
                out.write(c);
                matched = 0;
                carriageReturn = false;
                passingLine = true;
            }
        }
        if (from < end) out.write(b, from, end - from);
        out.flush();
    }

    /** End of stream: a held partial line is forwarded, not dropped (only a whole line is the warning). */
    void finish() throws IOException {
        releaseHeld();
        matched = 0;
        carriageReturn = false;
        out.flush();
    }

    private void releaseHeld() throws IOException {
        if (matched > 0) out.write(LINE, 0, matched);
        if (carriageReturn) out.write('\r');
    }
}
