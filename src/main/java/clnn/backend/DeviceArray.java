package clnn.backend;

/**
 * An array that lives on a backend's device (a Java array for the CPU path, a cl_mem for OpenCL).
 * Owned by whoever allocated it; closing it twice is harmless.
 */
public interface DeviceArray extends AutoCloseable {
    /**
     * The name given at allocation, used in error messages.
     *
     * @return the name, such as "params" or "x"
     */
    String name();

    /**
     * Number of elements (not bytes).
     *
     * @return the element count given at allocation
     */
    int length();

    @Override
    void close();
}
