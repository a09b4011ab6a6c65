package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The relaunched JVM's stderr: exactly the JVM's incubator warning line goes, every other byte comes through. */
class IncubatorWarningFilterTest {
    static final String W = IncubatorWarningFilter.WARNING;

    /** Through the filter in one piece, and byte by byte (the pipe may deliver any split). */
    static String filtered(String in) throws IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        IncubatorWarningFilter.pump(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), whole);
        ByteArrayOutputStream bytewise = new ByteArrayOutputStream();
        IncubatorWarningFilter f = new IncubatorWarningFilter(bytewise);
        byte[] b = in.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) f.write(b, i, 1);
        f.finish();
        assertEquals(whole.toString(StandardCharsets.UTF_8), bytewise.toString(StandardCharsets.UTF_8), "split-independent");
        return whole.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dropsTheWarningLineAndNothingElse() throws IOException {
        assertEquals("", filtered(W + "\n"));
        assertEquals("error: no such file\n", filtered(W + "\nerror: no such file\n"));
        assertEquals("Picked up JAVA_TOOL_OPTIONS: -Xmx1g\nerror: x\n",
                filtered("Picked up JAVA_TOOL_OPTIONS: -Xmx1g\n" + W + "\nerror: x\n"), "not necessarily the first line");
        assertEquals("", filtered(W + "\r\n"), "a CRLF line is the same line");
    }

    @Test
    void forwardsLinesThatOnlyLookLikeIt() throws IOException {
        for (String s : new String[] {
            "WARNING: Using incubator modules: jdk.incubator.vector, jdk.incubator.foo\n",
            "WARNING: Using incubator modules\n",
            "WARNING: something else\n",
            " " + W + "\n",
            W + " \n",
            "W\n",
            "\n",
            "WARNING: Using incubator modules: jdk.incubator.vector\rX\n",
        }) {
            assertEquals(s, filtered(s), s);
        }
    }

    @Test
    void dropsOnlyTheFirstOccurrence() throws IOException {
        assertEquals(W + "\n", filtered(W + "\n" + W + "\n"));
    }

    @Test
    void forwardsAPartialLastLineAsItIs() throws IOException {
        assertEquals(W, filtered(W), "no newline: not the JVM's line, so not dropped");
        assertEquals("WARNING: Using", filtered("WARNING: Using"));
        assertEquals("a\nWARN", filtered("a\nWARN"));
        assertEquals("50% done", filtered(W + "\n50% done"));
        assertEquals("", filtered(""));
    }

    @Test
    void keepsBytesExactlyIncludingNonAscii() throws IOException {
        String s = "épochs ┃ 100%\r\n" + W + "\nfin\n\u0000\n";
        assertEquals("épochs ┃ 100%\r\nfin\n\u0000\n", filtered(s));
    }
}
