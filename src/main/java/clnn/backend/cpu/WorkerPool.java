package clnn.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that run the tasks of one job together with the calling thread: the
 * CPU backends' parallel GEMM. One job at a time (a backend is used by one thread, like every
 * {@link clnn.backend.Backend}).
 *
 * <p>Why not a ForkJoinPool or an ExecutorService: a training step must allocate nothing, and
 * submitting tasks allocates (futures, queue nodes). Here a job is a reusable object, the tasks are
 * numbers claimed from one atomic word, and threads are woken with {@link LockSupport#unpark}, which
 * allocates nothing. Which thread runs which task does not matter to the result: a task writes its
 * own part of the output, summed in its own fixed order, so any thread count gives the same bits.
 *
 * <p>The caller waits for the tasks, not for the workers: on a machine shared with other processes
 * a worker may not even be scheduled before the caller has run every task itself, and then the job
 * ends without it. The claim word holds (generation, task count, next task), so a worker that wakes
 * late can never claim a task of a job that has ended or of the next one.
 *
 * <p>The threads start on the first job (a backend that only runs small products never starts any)
 * and stop in {@link #close}, which the backend's close calls: no thread outlives its backend.
 */
final class WorkerPool implements AutoCloseable {
    /** What a pool runs: {@code task} is 0..tasks-1, each run exactly once, on any thread. */
    interface Job {
        /** @param worker 0 for the calling thread, 1.. for the pool's own: an index into per-thread scratch */
        void run(int task, int worker);
    }

    /** Spins before parking: a job's tasks last 0.1-10 ms, a park/unpark round trip tens of µs. */
    private static final int SPINS = 2_000;
    private static final int INDEX_BITS = 20;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    /** Jobs with more tasks than this run on the caller alone (the claim word has 20 bits for them). */
    static final int MAX_TASKS = (int) INDEX_MASK;

    private final int threads;
    private Thread[] workers;
    /** generation (bits 40..63) | task count (bits 20..39) | next task (bits 0..19). */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Job job;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;
    private long generation;

    /** @param threads the threads a job may use, the caller's included (1: everything runs on the caller) */
    WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        this.threads = threads;
    }

    int threads() {
        return threads;
    }

    /** Runs every task of {@code j} and returns when all are done; a task's exception is rethrown here. */
    void run(Job j, int taskCount) {
        if (threads == 1 || taskCount <= 1 || taskCount > MAX_TASKS) {
            for (int t = 0; t < taskCount; t++) j.run(t, 0);
            return;
        }
        if (closed) throw new IllegalStateException("the worker pool is closed");
        if (workers == null) start();
        job = j;
        done.set(0);
        failure = null;
        caller = Thread.currentThread();
        generation = (generation + 1) & 0xFFFFFF;
        claims.set(generation << 40 | (long) taskCount << INDEX_BITS); // publishes the fields above
        for (Thread w : workers) LockSupport.unpark(w);
        work(0);
        for (int spin = 0; done.get() < taskCount; spin++) {
            if (spin < SPINS) Thread.onSpinWait();
            else LockSupport.park(this);
        }
        Throwable f = failure;
        if (f instanceof RuntimeException e) throw e;
        if (f instanceof Error e) throw e;
    }

    /** Claims and runs tasks of the current generation until none is left. */
    private void work(int worker) {
        while (true) {
            long s = claims.get();
            int tasks = (int) ((s >>> INDEX_BITS) & INDEX_MASK);
            int task = (int) (s & INDEX_MASK);
            if (task >= tasks) return;
            // A late worker's stale word fails here. Once the claim succeeds, this generation cannot end
            // before our task does, so the job read now is this generation's.
            if (!claims.compareAndSet(s, s + 1)) continue;
            Job j = job;
            try {
                j.run(task, worker);
            } catch (Throwable e) {
                failure = e;
            }
            if (done.incrementAndGet() == tasks && worker != 0) LockSupport.unpark(caller);
        }
    }

    private void start() {
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int index = i + 1;
            Thread w = new Thread(() -> loop(index), "clnn-cpu-gemm-" + index);
            w.setDaemon(true); // a pool that was never closed must not keep the JVM alive
            workers[i] = w;
            w.start();
        }
    }

    private void loop(int worker) {
        long seen = -1;
        while (true) {
            for (int spin = 0; !closed && (claims.get() >>> 40) == seen; spin++) {
                if (spin < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen = claims.get() >>> 40;
            work(worker);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (workers == null) return;
        for (Thread w : workers) LockSupport.unpark(w);
        for (Thread w : workers) {
            try {
                w.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
