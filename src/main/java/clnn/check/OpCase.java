package clnn.check;

import clnn.backend.Backend;

/**
 * One case of one op, described once and runnable on any backend: seeded inputs, the op's call,
 * and what to read back. The parity tests and {@code engine selftest} {@link #run} it on the
 * reference and on a backend under test and compare; the op's JMH benchmark {@link #prepare}s it
 * once and times {@link Prepared#launch}.
 */
public interface OpCase {
    /** Unique within its op, without spaces or commas, so a JMH {@code @Param} can name it. */
    String name();

    /** Allocates and uploads the case's inputs and builds its call record; nothing is launched yet. */
    Prepared prepare(Backend backend);

    /** How many launches one {@link #run} makes (Adam runs several steps; every other op one). */
    default int launchesPerRun() {
        return 1;
    }

    /** FLOPs of one launch (multiply-adds times two), or 0 where a FLOP count means little (memory-bound ops). */
    long flops();

    /** Bytes one launch reads and writes in device memory, if nothing stayed in a cache. */
    long bytes();

    /** Prepares, launches {@link #launchesPerRun} times, waits, and returns what the case reads back. */
    default float[] run(Backend backend) {
        try (Prepared p = prepare(backend)) {
            for (int i = 0; i < launchesPerRun(); i++) p.launch();
            backend.finish();
            return p.read();
        }
    }

    /** A case on one backend: its arrays and call, ready to launch. Closing frees the arrays. */
    interface Prepared extends AutoCloseable {
        /** Enqueues the op once (no wait). */
        void launch();

        /** Downloads the results (a host sync). */
        float[] read();

        @Override
        void close();
    }
}
