package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Jobs beside the main thread: every one runs, the failure reported is the sequential order's first. */
class OverlapTest {
    @Test
    void theLowestRankedFailureIsThrownWithTheOthersSuppressed() {
        for (String mode : new String[] {"on", "off"}) {
            System.setProperty(Overlap.PROPERTY, mode);
            try (Overlap o = Overlap.start()) {
                List<Integer> ran = new CopyOnWriteArrayList<>();
                IllegalStateException late = new IllegalStateException("rank 5");
                IllegalStateException early = new IllegalStateException("rank 2");
                o.submit(5, "five", () -> {
                    ran.add(5);
                    throw late;
                });
                o.here(9, "nine", () -> ran.add(9));
                o.submit(2, "two", () -> {
                    ran.add(2);
                    throw early;
                });
                o.here(3, "three", () -> {
                    ran.add(3);
                    throw new OutOfMemoryError("rank 3");
                });
                IllegalStateException e = assertThrows(IllegalStateException.class, o::await, mode);
                assertSame(early, e, mode);
                assertEquals(2, e.getSuppressed().length, mode);
                assertEquals(List.of(2, 3, 5, 9), ran.stream().sorted().toList(), "every job ran: " + mode);
            } finally {
                System.clearProperty(Overlap.PROPERTY);
            }
        }
    }

    @Test
    void closeWaitsForTheFileJobs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> done = new CopyOnWriteArrayList<>();
        Thread t;
        try (Overlap o = Overlap.start()) {
            if (!o.overlapping()) return; // one processor: nothing runs beside the main thread
            o.submit(1, "file", () -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.add("file");
            });
            t = new Thread(release::countDown);
            t.start();
        }
        assertEquals(List.of("file"), done, "close returned only after the job");
        t.join();
    }

    @Test
    void offRunsEveryJobAtOnceOnTheCallingThread() {
        System.setProperty(Overlap.PROPERTY, "off");
        try (Overlap o = Overlap.start()) {
            List<String> ran = new CopyOnWriteArrayList<>();
            Thread caller = Thread.currentThread();
            o.submit(1, "job", () -> ran.add(Thread.currentThread() == caller ? "here" : "elsewhere"));
            assertEquals(List.of("here"), ran, "already ran");
            o.await();
            assertTrue(!o.overlapping());
        } finally {
            System.clearProperty(Overlap.PROPERTY);
        }
    }
}
