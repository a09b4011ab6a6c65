package clnn;

/**
 * An error the user can cause and fix: a bad file, a shape that does not fit, a device that is
 * missing. The message is one line that names the problem and the fix; the command line prints it
 * and exits with code 2. Anything else thrown by clnn is a bug.
 */
public class ClnnException extends RuntimeException {
    public ClnnException(String message) {
        super(message);
    }

    public ClnnException(String message, Throwable cause) {
        super(message, cause);
    }
}
