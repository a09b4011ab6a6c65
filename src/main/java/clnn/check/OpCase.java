package clnn.check;

import clnn.backend.Backend;

/**
 * One case of one op, described once and runnable on any backend: seeded inputs, the op's call,
 * and what to read back. The parity tests and {@code engine selftest} {@link #run} it on the
 * reference and on a backend under test and compare; the op's JMH benchmark {@link #prepare}s it
 * once and times {@link Prepared#launch}.
 */
public interface OpCase {
    /**
     * The case's name, unique within its op, without spaces or commas, so a JMH {@code @Param} can name it.
     *
     * @return the name, such as "NN_64x10x32_none"
     */
    String name();

    /**
     * Allocates and uploads the case's inputs and builds its call record; nothing is launched yet.
     *
     * @param backend where the arrays live
     * @return the prepared case, owned by the caller (closing frees its arrays)
     */
    Prepared prepare(Backend backend);

    /**
     * How many launches one {@link #run} makes (Adam runs several steps; every other op one).
     *
     * @return 1 unless the op overrides it
     */
    default int launchesPerRun() {
        return 1;
    }

    /**
     * FLOPs of one launch, for the benchmark's throughput.
     *
     * @return multiply-adds times two, or 0 where a FLOP count means little (memory-bound ops)
     */
    long flops();

    /**
     * Device-memory traffic of one launch, for the benchmark's bandwidth.
     *
     * @return bytes read and written, if nothing stayed in a cache
     */
    long bytes();

    /**
     * Prepares, launches {@link #launchesPerRun} times, waits, reads back and frees the arrays.
     *
     * @param backend the backend to run on
     * @return what the case reads back, to compare with the reference's
     */
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

        /**
         * Downloads the results (a host sync).
         *
         * @return the case's outputs, concatenated in the case's documented order
         */
        float[] read();

        @Override
        void close();
    }
}
