package clnn;

/** A model that cannot be built, compiled, loaded or fed as asked (wrong layers, shapes, files). */
public class ModelException extends ClnnException {
    /**
     * An error with a message for the user.
     *
     * @param message one line naming the problem and the fix
     */
    public ModelException(String message) {
        super(message);
    }

    /**
     * An error with a message for the user, caused by a lower-level failure (an I/O or device error).
     *
     * @param message one line naming the problem and the fix
     * @param cause   the failure underneath, kept for the stack trace
     */
    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
