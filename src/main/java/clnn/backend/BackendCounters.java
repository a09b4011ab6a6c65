package clnn.backend;

/**
 * Counters every backend keeps about itself: how many compute calls it launched, how many times the
 * host waited for the device, and how many device arrays are alive right now.
 */
public final class BackendCounters {
    private long launches;

    /** Counters at zero, for a backend that is opening. */
    public BackendCounters() {
    }
    private long hostSyncs;
    private long liveArrays;
    private long liveBytes;

    /** Internal: called by a backend once per compute call it launches (a kernel, or a CPU op). */
    public synchronized void launched() {
        launches++;
    }

    /** Internal: called by a backend each time the host waits for the device (a download, a finish). */
    public synchronized void synced() {
        hostSyncs++;
    }

    /**
     * Internal: called by a backend when it allocates a device array.
     *
     * @param bytes the array's size in bytes
     */
    public synchronized void allocated(long bytes) {
        liveArrays++;
        liveBytes += bytes;
    }

    /**
     * Internal: called by a backend when a device array is freed, with the size it was allocated with.
     *
     * @param bytes the array's size in bytes
     */
    public synchronized void released(long bytes) {
        liveArrays--;
        liveBytes -= bytes;
    }

    /**
     * Compute calls launched so far; a fused backend shows its saving here.
     *
     * @return launches since the backend opened
     */
    public synchronized long launches() {
        return launches;
    }

    /**
     * Times the host waited for the device (each one stalls a queued backend).
     *
     * @return host syncs since the backend opened
     */
    public synchronized long hostSyncs() {
        return hostSyncs;
    }

    /**
     * Device arrays allocated and not yet closed; 0 after a clean shutdown (leak tests check this).
     *
     * @return arrays alive now
     */
    public synchronized long liveArrays() {
        return liveArrays;
    }

    /**
     * Bytes held by the arrays alive now.
     *
     * @return bytes alive now
     */
    public synchronized long liveBytes() {
        return liveBytes;
    }
}
