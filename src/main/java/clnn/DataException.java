package clnn;

/** A data file or array that cannot be used as it is: missing, wrong format, wrong shape or values. */
public class DataException extends ClnnException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
