package clnn.backend.opencl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Run in a fresh JVM by {@link DeviceDiscoveryTest}: {@code threads} threads released together make
 * this JVM's first OpenCL discovery; prints each thread's device count (or its error) on one line.
 */
public final class DiscoveryRace {
    private DiscoveryRace() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> counts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            counts.add(pool.submit(() -> {
                start.await();
                try {
                    return String.valueOf(OpenCl.devices().size());
                } catch (RuntimeException e) {
                    return "error " + e.getMessage();
                }
            }));
        }
        StringBuilder line = new StringBuilder("counts:");
        for (Future<String> f : counts) line.append(' ').append(f.get(60, TimeUnit.SECONDS).replace(' ', '_'));
        pool.shutdown();
        System.out.println(line);
    }
}
