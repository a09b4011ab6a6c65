package clnn;

/** The compute device asked for cannot be used: not present, not installed, or it failed. */
public class DeviceException extends ClnnException {
    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
