package clnn.backend.opencl;

/**
 * Owns one OpenCL object and releases it exactly once. Every cl_mem, cl_kernel, cl_program,
 * queue and context of the backend sits in one of these, registered with its {@link ClContext},
 * which releases whatever is still open in reverse order of creation.
 */
abstract class ClHandle implements AutoCloseable {
    private boolean released;

    /** Calls the clRelease* function for the object. */
    protected abstract void release();

    final synchronized boolean isOpen() {
        return !released;
    }

    @Override
    public synchronized void close() {
        if (!released) {
            released = true;
            release();
        }
    }
}
