package clnn;

/**
 * An error the user can cause and fix: a bad file, a shape that does not fit, a device that is
 * missing. The message is one line that names the problem and the fix; the command line prints it
 * and exits with code 2. Anything else thrown by clnn is a bug.
 *
 * <p>The API's convention: every public method and constructor checks its arguments before it
 * does anything and throws a subclass of this, never a NullPointerException or an index error:
 * {@link ModelException} for model, layer and option arguments (a null loss, layer 0, a negative
 * batch size, a model too large for the heap), {@link DataException} for data arrays and data files
 * (null or ragged rows, 0 rows, NaN), {@link DeviceException} for devices.
 */
public class ClnnException extends RuntimeException {
    /**
     * An error with a message for the user.
     *
     * @param message one line naming the problem and the fix
     */
    public ClnnException(String message) {
        super(message);
    }

    /**
     * An error with a message for the user, caused by a lower-level failure (an I/O or device error).
     *
     * @param message one line naming the problem and the fix
     * @param cause   the failure underneath, kept for the stack trace
     */
    public ClnnException(String message, Throwable cause) {
        super(message, cause);
    }
}
