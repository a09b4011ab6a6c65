package clnn;

/** A data file or array that cannot be used as it is: missing, wrong format, wrong shape or values. */
public class DataException extends ClnnException {
    /**
     * An error with a message for the user.
     *
     * @param message one line naming the problem and the fix
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * An error with a message for the user, caused by a lower-level failure (an I/O or device error).
     *
     * @param message one line naming the problem and the fix
     * @param cause   the failure underneath, kept for the stack trace
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
