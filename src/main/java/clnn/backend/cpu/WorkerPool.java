package clnn.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that run the tasks of one job together with the calling thread: the
 * CPU backends' parallel GEMM. One job at a time (a backend is used by one thread, like every
 * {@link clnn.backend.Backend}).
 *
 * <p>Why not a ForkJoinPool or an ExecutorService: a training step must allocate nothing, and
 * submitting tasks allocates (futures, queue nodes). Here a job is a reusable object, the tasks are
 * numbers handed out by one counter, and the threads are woken with {@link LockSupport#unpark}, which
 * allocates nothing. Which thread runs which task does not matter to the result: a task writes its
 * own part of the output, summed in its own fixed order, so any thread count gives the same bits.
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

    /** Spins before parking: a job's tasks last milliseconds, a park/unpark round trip tens of µs. */
    private static final int SPINS = 2_000;

    private final int threads;
    private Thread[] workers;
    private volatile Job job;
    private volatile int tasks;
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile Throwable failure;

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
        if (threads == 1 || taskCount == 1) {
            for (int t = 0; t < taskCount; t++) j.run(t, 0);
            return;
        }
        if (closed) throw new IllegalStateException("the worker pool is closed");
        if (workers == null) start();
        job = j;
        tasks = taskCount;
        next.set(0);
        finished.set(0);
        failure = null;
        caller = Thread.currentThread();
        generation++; // publishes the fields above to the workers (volatile write after them)
        for (Thread w : workers) LockSupport.unpark(w);
        work(j, taskCount, 0);
        for (int spin = 0; finished.get() < workers.length; spin++) {
            if (spin < SPINS) Thread.onSpinWait();
            else LockSupport.park(this);
        }
        job = null;
        Throwable f = failure;
        if (f instanceof RuntimeException e) throw e;
        if (f instanceof Error e) throw e;
    }

    private void work(Job j, int taskCount, int worker) {
        for (int t = next.getAndIncrement(); t < taskCount; t = next.getAndIncrement()) {
            try {
                j.run(t, worker);
            } catch (Throwable e) {
                failure = e;
            }
        }
    }

    private void start() {
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int index = i + 1;
            Thread w = new Thread(() -> loop(index), "clnn-cpu-gemm-" + (i + 1));
            w.setDaemon(true); // a pool that was never closed must not keep the JVM alive
            workers[i] = w;
            w.start();
        }
    }

    private void loop(int worker) {
        int seen = 0;
        while (true) {
            for (int spin = 0; generation == seen && !closed; spin++) {
                if (spin < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen = generation;
            work(job, tasks, worker);
            if (finished.incrementAndGet() == workers.length) LockSupport.unpark(caller);
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
