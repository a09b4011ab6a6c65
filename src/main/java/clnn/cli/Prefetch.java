package clnn.cli;

import clnn.data.DatasetLoader;
import clnn.data.DataContents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * engine train's data files (any format the loader reads), read on another thread while picocli builds and parses the command
 * line (on a cold JVM each takes about 100 ms).
 *
 * <p>{@link #start} scans the arguments the way picocli will parse them, for the files and
 * variables that train reads ({@code --data}, {@code --test}, their {@code --x-var}/{@code --y-var},
 * {@code --label-column}, the bundled defaults) and reads them, one after the other, in the order train reads them. train
 * then {@link #take}s a file's contents when they were read for exactly that path and those variables
 * (else it reads the file itself, as before): the same {@link DatasetLoader#read} either way, so the
 * result, and any failure (thrown by {@code take} where train would have read the file), is the same.
 * The scan never decides anything: an argument list it does not follow (an @file, --resume, an
 * unknown word) means no prefetch. The files are read one after the other in train's order, so the
 * heap budget of each read sees what the sequential reads saw.
 *
 * <p>{@code -Dclnn.prefetch=off} turns it off.
 */
final class Prefetch {
    static final String PROPERTY = "clnn.prefetch";

    /** train's options that take no value; every other option of train takes exactly one. */
    static final Set<String> FLAGS = Set.of("--no-shuffle", "--overwrite", "--help", "--version", "-h", "-V");

    record Key(Path file, String xVar, String yVar, String labelColumn) {
    }

    private static final Object LOCK = new Object();
    private static Map<Key, Future<DataContents>> started = Map.of();
    /** Which start() the reads belong to; clear() moves it on, and a reader of an older one stops. */
    private static long generation;

    private Prefetch() {
    }

    /**
     * The reads train will do for these arguments, in its order; empty when the arguments are not
     * train's or not followed by this scan.
     */
    static List<Key> plan(String[] args) {
        int i = 0;
        while (i < args.length && args[i].equals("--stacktrace")) i++;
        if (i >= args.length || !args[i].equals("train")) return List.of();
        Map<String, String> v = new HashMap<>();
        for (i++; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.equals("--")) return List.of();
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (FLAGS.contains(name)) {
                if (eq > 0) return List.of();
                continue;
            }
            String value;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) return List.of();
                value = args[++i];
            }
            v.put(name, value);
        }
        if (v.containsKey("--resume")) return List.of();
        String data = v.getOrDefault("--data", DataOptions.BUNDLED_TRAIN);
        String x = v.getOrDefault("--x-var", "X");
        String y = v.getOrDefault("--y-var", "y");
        String column = v.getOrDefault("--label-column", DatasetLoader.DEFAULT_LABEL_COLUMN);
        List<Key> keys = new ArrayList<>();
        try {
            keys.add(new Key(BundledData.resolve(Path.of(data)), x, y, column));
            String test = v.get("--test");
            if (test == null && data.equals(DataOptions.BUNDLED_TRAIN)) test = DataOptions.BUNDLED_TEST;
            if (test != null) keys.add(new Key(BundledData.resolve(Path.of(test)), v.getOrDefault("--test-x-var", x), v.getOrDefault("--test-y-var", y),
                    column));
        } catch (RuntimeException e) {
            // a path picocli will refuse; train reports it
        }
        return keys;
    }

    /** Starts reading the files of {@link #plan} on a daemon thread. */
    static void start(String[] args) {
        if (ClassArchive.isOff(System.getProperty(PROPERTY))) return;
        List<Key> keys = plan(args);
        if (keys.isEmpty()) return;
        Map<Key, CompletableFuture<DataContents>> futures = new HashMap<>();
        for (Key k : keys) futures.put(k, new CompletableFuture<>());
        long mine;
        synchronized (LOCK) {
            started = Map.copyOf(futures);
            mine = ++generation;
        }
        Thread t = new Thread(() -> {
            for (Key k : keys) {
                long t0 = Profile.now();
                CompletableFuture<DataContents> f = futures.get(k);
                try {
                    f.complete(DatasetLoader.read(k.file(), k.xVar(), k.yVar(), k.labelColumn()));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
                Profile.background("read " + k.file() + " (prefetch)", t0);
                // The next file only while this run still wants them (not after clear()).
                synchronized (LOCK) {
                    if (generation != mine) return;
                }
            }
        }, "clnn-prefetch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The contents read for exactly this file and these variables, waiting for them if need be; null
     * when none were read. The read's failure is thrown here, as the read itself would have thrown it.
     */
    static DataContents take(Path file, String xVar, String yVar, String labelColumn) {
        Future<DataContents> f;
        Key k = new Key(file, xVar, yVar, labelColumn);
        synchronized (LOCK) {
            f = started.get(k);
            if (f == null) return null;
            Map<Key, Future<DataContents>> rest = new HashMap<>(started);
            rest.remove(k);
            started = Map.copyOf(rest);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) throw r;
                    if (c instanceof Error err) throw err;
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Forgets what was not taken (the command ended or failed before it): its memory goes with it. */
    static void clear() {
        synchronized (LOCK) {
            started = Map.of();
            generation++;
        }
    }
}
