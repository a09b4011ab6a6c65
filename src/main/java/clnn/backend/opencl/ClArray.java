package clnn.backend.opencl;

import clnn.backend.BackendCounters;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.cl_mem;

/**
 * A cl_mem of floats or ints. Kernels prepared for calls that use this array are registered here
 * and released with it, so a closed array never leaves a kernel pointing at freed memory. A
 * {@link ClRowChunks} is one array held in several cl_mem (its {@code mem} is null).
 */
abstract class ClArray extends ClHandle {
    final cl_mem mem;
    final String name;
    final int length;
    private final BackendCounters counters;
    private final List<ClHandle> dependents = new ArrayList<>();

    ClArray(cl_mem mem, String name, int length, BackendCounters counters) {
        this.mem = mem;
        this.name = name;
        this.length = length;
        this.counters = counters;
        counters.allocated(4L * length);
    }

    synchronized void addDependent(ClHandle h) {
        dependents.add(h);
    }

    @Override
    protected void release() {
        synchronized (this) {
            for (ClHandle h : dependents) h.close();
            dependents.clear();
        }
        releaseMemory();
        counters.released(4L * length);
    }

    /** Releases the device memory (one cl_mem here; every chunk in {@link ClRowChunks}). */
    void releaseMemory() {
        CL.clReleaseMemObject(mem);
    }

    public String name() {
        return name;
    }

    public int length() {
        return length;
    }

    static final class Floats extends ClArray implements DeviceFloats {
        Floats(cl_mem mem, String name, int length, BackendCounters counters) {
            super(mem, name, length, counters);
        }
    }

    static final class Ints extends ClArray implements DeviceInts {
        Ints(cl_mem mem, String name, int length, BackendCounters counters) {
            super(mem, name, length, counters);
        }
    }
}
