package clnn.backend.cpu;

import clnn.DeviceException;

/** How many threads the CPU path uses: the one rule for the default and for a requested count. */
public final class CpuThreads {
    /** More threads than this is a typo, not a machine (each one is a real thread). */
    public static final int MAX = 1024;

    /**
     * Below this many multiply-adds a GEMM runs on the calling thread: waking the others costs
     * tens of µs, and 2^22 multiply-adds take about 0.1 ms at 80 GFLOP/s.
     */
    static final long PARALLEL_WORK = 1L << 22;

    private CpuThreads() {
    }

    /**
     * The threads for a requested count: 0 means the default, every processor this JVM may use
     * (a product too small to share still runs on one).
     *
     * @param requested {@code --threads}: 0 for the default, else 1..{@link #MAX}
     * @return the thread count to use, at least 1
     * @throws DeviceException when the count is negative or above {@link #MAX}
     */
    public static int resolve(int requested) {
        if (requested < 0 || requested > MAX) {
            throw new DeviceException("--threads " + requested + " is out of range; use 1 to " + MAX + " (default: the "
                    + Runtime.getRuntime().availableProcessors() + " available processors)");
        }
        return requested == 0 ? Runtime.getRuntime().availableProcessors() : requested;
    }

    static String describe(int threads) {
        return threads == 1 ? "1 thread" : threads + " threads";
    }
}
