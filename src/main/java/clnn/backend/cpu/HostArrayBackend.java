package clnn.backend.cpu;

import clnn.backend.Backend;
import clnn.backend.BackendCounters;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;

/**
 * A backend whose device arrays are Java arrays on the heap: the reference and its twins. Memory
 * estimates ask this (not for one class) because the twins do not extend the reference. Everything
 * that is not math is written once, here, as delegation to the backend's {@link CpuMemory}: the
 * backends compose it rather than inherit it, so the reference stays final and self-contained.
 */
public interface HostArrayBackend extends Backend {
    /**
     * The arrays, transfers and counters this backend owns.
     *
     * @return the backend's own memory, the same object on every call
     */
    CpuMemory memory();

    @Override
    default DeviceFloats allocFloats(String name, int length) {
        return memory().allocFloats(name, length);
    }

    @Override
    default DeviceInts allocInts(String name, int length) {
        return memory().allocInts(name, length);
    }

    @Override
    default void upload(float[] src, DeviceFloats dst) {
        memory().upload(src, dst);
    }

    @Override
    default void upload(int[] src, DeviceInts dst) {
        memory().upload(src, dst);
    }

    @Override
    default void download(DeviceFloats src, float[] dst) {
        memory().download(src, dst);
    }

    @Override
    default void fill(DeviceFloats dst, float value) {
        memory().fill(dst, value);
    }

    @Override
    default void finish() {
        memory().finish();
    }

    @Override
    default BackendCounters counters() {
        return memory().counters();
    }

    @Override
    default void close() {
        memory().close();
    }
}
