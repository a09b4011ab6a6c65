package clnn.backend.cpu;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A handle on the fused steps' JIT warm-up ({@link FusedSteps#warmUpAsync}, or {@link CpuTwins#warmUpFusedSteps}
 * for a caller that must not depend on the Vector API): the fused kernels called with tiny operands on a daemon
 * thread, so that C2 compiles them while the caller does something else.
 *
 * <p>Why: Vector API code runs tens of times slower until C2 has compiled it (in the interpreter and in C1 each vector
 * operation is a call and an allocation), and it is compiled only once counts of calls and loop iterations have
 * accumulated in that slow code. A cold 40-epoch fit of the reference network spent more time getting there than
 * training. Started while the data loads, the warm-up gets there sooner; the first fused call of a JVM starts it if
 * nothing has, and waits for it when the fit is large enough to gain ({@link FusedSteps}).
 *
 * <p>It never changes a result (it touches only arrays of its own) and never holds up the JVM's exit (a daemon
 * thread). Its work is bounded: it stops as soon as its rounds run at compiled speed, and after
 * {@link FusedSteps#WARM_UP_MILLIS} ms in any case. (Running scalar twins of the kernels until then was tried:
 * the same bits, but the fit got slower, the warm-up and the scalar steps sharing two processors.)
 */
public final class FusedWarmUp {
    private static final FusedWarmUp NONE = new FusedWarmUp(null);

    private final Thread thread;
    private volatile boolean cancelled;
    private volatile int rounds;

    private FusedWarmUp(Consumer<FusedWarmUp> body) {
        if (body == null) {
            thread = null;
        } else {
            thread = new Thread(() -> body.accept(this), "clnn-fused-warm-up");
            thread.setDaemon(true);
        }
    }

    /**
     * A warm-up that does nothing: the network does not fuse, or this JVM has no Vector API twin.
     *
     * @return the shared handle that is always {@link #finished()}
     */
    public static FusedWarmUp none() {
        return NONE;
    }

    /** A warm-up that runs {@code body} on its own daemon thread once {@link #start}ed. */
    static FusedWarmUp prepare(Consumer<FusedWarmUp> body) {
        return new FusedWarmUp(body);
    }

    void start() {
        thread.start();
    }

    /** Asks the warm-up to stop after its current round; harmless when it has stopped. */
    public void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Counts one round of kernel calls (only the warm-up's thread writes it). */
    void round() {
        rounds++;
    }

    /**
     * Rounds of kernel calls done so far (internal: read by the tests).
     *
     * @return 0 for a warm-up that does nothing
     */
    public int rounds() {
        return rounds;
    }

    /**
     * Whether the warm-up thread has finished (or never started).
     *
     * @return true once the thread has terminated, or when there is none
     */
    public boolean finished() {
        return thread == null || thread.getState() == Thread.State.TERMINATED;
    }

    /**
     * Waits up to {@code timeout} for the warm-up to finish; returns at once when it never started.
     *
     * @param timeout how long to wait at most (at least 1 ms is waited when it runs)
     * @param unit    the unit of {@code timeout}
     * @return whether the warm-up has finished
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        if (thread != null && thread.getState() != Thread.State.NEW) thread.join(Math.max(1, unit.toMillis(timeout)));
        return finished();
    }
}
