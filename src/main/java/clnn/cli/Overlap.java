package clnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The work of a command that can run beside its main thread, on one worker thread: engine train's
 * figures, drawn while the main thread evaluates and writes the other result files.
 *
 * <p>Every job has a rank, its place in the order the command did things one after another; when
 * jobs fail, {@link #await} throws the failure of the lowest rank (the one that order would have
 * met first), the others added as suppressed. Every job runs even when an earlier one failed: the
 * result files are independent, each written atomically. {@link #settle} (and {@link #close}) waits
 * for the file jobs, so nothing is still being written when the command's run folder is unlocked.
 *
 * <p>{@code -Dclnn.overlap=off}, or a JVM with one processor, runs each job at once on the calling
 * thread.
 */
final class Overlap implements AutoCloseable {
    static final String PROPERTY = "clnn.overlap";

    private record Job(int rank, Future<?> future, Throwable failedHere) {
    }

    private final ExecutorService worker;
    private final List<Job> jobs = new ArrayList<>();

    private Overlap(ExecutorService worker) {
        this.worker = worker;
    }

    static Overlap start() {
        boolean on = !ClassArchive.isOff(System.getProperty(PROPERTY)) && Runtime.getRuntime().availableProcessors() > 1;
        return new Overlap(on ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "clnn-overlap");
            t.setDaemon(true);
            return t;
        }) : null);
    }

    boolean overlapping() {
        return worker != null;
    }

    /** A job on the worker (or here, at once, when not overlapping); its failure is kept for {@link #await}. */
    void submit(int rank, String name, Runnable work) {
        if (worker == null) {
            here(rank, name, work);
            return;
        }
        jobs.add(new Job(rank, worker.submit(() -> {
            long t = Profile.now();
            try {
                work.run();
            } finally {
                Profile.background(name, t);
            }
        }), null));
    }

    /** A job on this thread, now; its failure is kept for {@link #await} like a worker job's. */
    void here(int rank, String name, Runnable work) {
        Throwable failed = null;
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            failed = e;
        }
        Profile.mark(name);
        jobs.add(new Job(rank, null, failed));
    }

    /** Waits for every job; throws the failure of the lowest rank, the others suppressed by it. */
    void await() {
        List<Job> failed = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (Job j : jobs) {
            Throwable t = outcome(j);
            if (t != null) {
                failed.add(j);
                failures.add(t);
            }
        }
        jobs.clear();
        if (failures.isEmpty()) return;
        int first = 0;
        for (int i = 1; i < failed.size(); i++) if (failed.get(i).rank < failed.get(first).rank) first = i;
        Throwable t = failures.get(first);
        for (int i = 0; i < failures.size(); i++) if (i != first && failures.get(i) != t) t.addSuppressed(failures.get(i));
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }

    private static Throwable outcome(Job j) {
        if (j.future == null) return j.failedHere;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    j.future.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Waits for the file jobs still running, their failures dropped (the command is failing already). */
    void settle() {
        for (Job j : jobs) outcome(j);
        jobs.clear();
    }

    /** {@link #settle}, then the worker ends. */
    @Override
    public void close() {
        settle();
        if (worker != null) worker.shutdown();
    }
}
