package clnn.data;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The Java heap that large arrays may still take, asked before they are allocated, so that data or
 * a model that does not fit is one sentence, not an OutOfMemoryError half-way through. The MAT
 * reader books each variable here; the model, fit and forward-pass estimates (train/MemoryBudget)
 * and the figure and image budgets use the same measure of what is free.
 */
public final class HeapBudget {
    /** Bytes that earlier reads said their callers will still allocate (the float32 copies). */
    private long promised;

    /** A budget with nothing promised yet, for one read of a file and the copies its caller will make. */
    public HeapBudget() {
    }

    /**
     * Kept free for the JVM itself and the small objects around the big arrays: 16 MiB + 5% of the heap.
     *
     * @return the margin in bytes
     */
    public static long margin() {
        return (16L << 20) + Runtime.getRuntime().maxMemory() / 20;
    }

    /**
     * Bytes the heap can still give: the most it may grow to, less what is in use and the margin.
     *
     * @return bytes still free for large arrays; negative when the heap is already past the margin
     */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) - margin();
    }

    /**
     * Whether {@code bytes} fit what is available; garbage counts as used until it is collected, so
     * one collection is asked for before answering no.
     *
     * @param bytes the size of the allocation, in bytes
     * @return true when {@code bytes} fit in {@link #available()}
     */
    public static boolean fits(long bytes) {
        if (bytes <= available()) return true;
        System.gc();
        return bytes <= available();
    }

    /**
     * Books an array of {@code now} bytes about to be allocated and {@code later} bytes the caller
     * will allocate from it (memory already allocated shows in {@link #available()}; what is promised
     * does not yet), or throws what {@code refusal} makes when they would not fit.
     *
     * @param <E>     the exception a refusal throws
     * @param now     bytes of the array about to be allocated
     * @param later   bytes the caller will allocate afterwards from it; stays promised for later calls
     * @param refusal makes the exception to throw when {@code now + later}, with what was promised, does not fit
     * @throws E when the allocation would not fit; nothing is booked then
     */
    public <E extends RuntimeException> void take(long now, long later, Supplier<E> refusal) {
        if (!fits(now + later + promised)) throw refusal.get();
        promised += later;
    }

    /**
     * What one more array may take: what is available, less what earlier reads promised.
     *
     * @return bytes, at least 0
     */
    public long usable() {
        return Math.max(0, available() - promised);
    }

    /**
     * The smallest -Xmx (in steps of 64 MiB) under which {@code bytes} more would fit now, with what
     * is in use and what earlier reads promised: "-Xmx704m", "-Xmx2g". The margin grows with the
     * heap (5%), so the heap asked for is the need divided by 0.95.
     *
     * @param bytes the bytes still to allocate
     * @return a {@code -Xmx} option to suggest in a message
     */
    public String heapFor(long bytes) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        double need = (used + promised + bytes + (16L << 20)) / 0.95;
        long mib = ((long) Math.ceil(need / (1 << 20)) + 63) / 64 * 64;
        return mib % 1024 == 0 ? "-Xmx" + mib / 1024 + "g" : "-Xmx" + mib + "m";
    }

    /**
     * A size for messages: "1.52 GiB", "480.0 MiB", "12 KiB" (below 1 MiB, KiB rounded up).
     *
     * @param bytes a size in bytes, 0 or more
     * @return the size in binary units
     */
    public static String size(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        return String.format(Locale.ROOT, "%d KiB", (bytes + 1023) >> 10);
    }
}
