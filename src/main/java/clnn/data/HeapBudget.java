package clnn.data;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * How much a read may still allocate: a share of the heap that is free when it starts. Asked
 * before each large array is made, so a file that does not fit is one sentence, not an
 * OutOfMemoryError half-way through.
 */
final class HeapBudget {
    /** Leave room for the JVM's own work and for what the caller allocates next to the data. */
    private static final double SHARE = 0.8;

    /** Bytes that earlier reads said their callers will still allocate (the float32 copies). */
    private long promised;

    /** Bytes the heap has free now (the most it could grow to, minus what is in use). */
    long free() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Books an array of {@code now} bytes about to be allocated and {@code later} bytes the caller
     * will allocate from it (memory already allocated shows in {@link #free()}; what is promised
     * does not yet), or throws what {@code refusal} makes when they would not fit.
     */
    <E extends RuntimeException> void take(long now, long later, Supplier<E> refusal) {
        if (!fits(now + later)) {
            // What looks used may be garbage from an earlier read: collect once before refusing.
            System.gc();
            if (!fits(now + later)) throw refusal.get();
        }
        promised += later;
    }

    private boolean fits(long bytes) {
        return bytes <= usable();
    }

    /** What one more array may take: a share of the free heap, less what earlier reads promised. */
    long usable() {
        return Math.max(0, (long) (free() * SHARE) - promised);
    }

    /** "1.5 GB", "340.2 MB". */
    static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }
}
