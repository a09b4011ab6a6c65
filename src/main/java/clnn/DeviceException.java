package clnn;

/** The compute device asked for cannot be used: not present, not installed, or it failed. */
public class DeviceException extends ClnnException {
    /**
     * An error with a message for the user.
     *
     * @param message one line naming the problem and the fix
     */
    public DeviceException(String message) {
        super(message);
    }

    /**
     * An error with a message for the user, caused by a lower-level failure (an I/O or device error).
     *
     * @param message one line naming the problem and the fix
     * @param cause   the failure underneath, kept for the stack trace
     */
    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
