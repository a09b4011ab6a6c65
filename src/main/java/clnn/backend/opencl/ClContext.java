package clnn.backend.opencl;

import clnn.DeviceException;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;

/**
 * A context and one in-order command queue on one device, and the registry of every handle made in
 * it. Closing releases the handles still open in reverse order of creation (kernels before their
 * programs, buffers, then the queue and the context itself). Closing twice is harmless.
 */
final class ClContext implements AutoCloseable {
    final ClDevice device;
    final cl_context context;
    final cl_command_queue queue;
    private final List<ClHandle> owned = new ArrayList<>();
    private boolean closed;

    /**
     * Contexts are made and released one at a time in this JVM. OpenCL says these calls are thread-safe, but PoCL 3.1
     * crashed the JVM (SIGSEGV in its std::map, under clReleaseContext) when 16 threads closed backends at once
     * (DeviceDiscoveryTest); both calls are rare and short, so serialising them costs nothing a fit would notice.
     */
    private static final Object LIFECYCLE = new Object();

    @SuppressWarnings("deprecation")
    ClContext(ClDevice device) {
        this.device = device;
        try {
            synchronized (LIFECYCLE) {
                context = CL.clCreateContext(null, 1, new cl_device_id[] {device.deviceId()}, null, null, null);
            }
        } catch (CLException e) {
            throw ClErrors.wrap("creating an OpenCL context", device, e);
        }
        own(new ClHandle() {
            @Override
            protected void release() {
                synchronized (LIFECYCLE) {
                    CL.clReleaseContext(context);
                }
            }
        });
        try {
            // clCreateCommandQueue is deprecated in OpenCL 2.0 but is the one call every 1.2 driver has.
            queue = CL.clCreateCommandQueue(context, device.deviceId(), 0, null);
        } catch (CLException e) {
            close();
            throw ClErrors.wrap("creating a command queue", device, e);
        }
        own(new ClHandle() {
            @Override
            protected void release() {
                CL.clReleaseCommandQueue(queue);
            }
        });
    }

    synchronized <T extends ClHandle> T own(T handle) {
        if (closed) {
            handle.close();
            throw new DeviceException("the OpenCL backend on " + device.shortName() + " is closed");
        }
        owned.add(handle);
        return handle;
    }

    /** Forgets handles that were closed already, so the registry does not grow across fits. */
    synchronized void forgetClosed() {
        owned.removeIf(h -> !h.isOpen());
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (CLException e) {
                // A dead context (after CL_OUT_OF_RESOURCES) may refuse releases; keep releasing the rest.
            }
        }
        owned.clear();
    }
}
