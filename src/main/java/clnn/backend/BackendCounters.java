package clnn.backend;

/**
 * Counters every backend keeps about itself: how many compute calls it launched, how many times the
 * host waited for the device, and how many device arrays are alive right now.
 */
public final class BackendCounters {
    private long launches;
    private long hostSyncs;
    private long liveArrays;
    private long liveBytes;

    public synchronized void launched() {
        launches++;
    }

    public synchronized void synced() {
        hostSyncs++;
    }

    public synchronized void allocated(long bytes) {
        liveArrays++;
        liveBytes += bytes;
    }

    public synchronized void released(long bytes) {
        liveArrays--;
        liveBytes -= bytes;
    }

    public synchronized long launches() {
        return launches;
    }

    public synchronized long hostSyncs() {
        return hostSyncs;
    }

    public synchronized long liveArrays() {
        return liveArrays;
    }

    public synchronized long liveBytes() {
        return liveBytes;
    }
}
