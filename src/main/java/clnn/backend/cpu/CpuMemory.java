package clnn.backend.cpu;

import static clnn.backend.cpu.CpuArrays.data;

import clnn.backend.BackendCounters;
import clnn.backend.DeviceArray;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plumbing every CPU backend shares and no op's math touches: "device" memory that is plain Java
 * arrays ({@link CpuArrays}), the arrays a backend still owns (closed in reverse order with it), upload,
 * download, fill, and the {@link BackendCounters}. The reference and each twin hold one of these
 * (composition: no CPU backend extends another), so a twin differs from the reference only in the
 * ops it speeds up.
 *
 * <p>Host syncs are counted where a device backend would wait (download, finish); launches are
 * counted by each backend's compute ops through {@link #launched()}.
 */
public final class CpuMemory {
    private final BackendCounters counters = new BackendCounters();

    /** Heap arrays and counters for one CPU backend, none allocated yet. */
    public CpuMemory() {
    }
    private final List<DeviceArray> owned = new ArrayList<>();

    DeviceFloats allocFloats(String name, int length) {
        return own(new CpuArrays.Floats(name, length, counters, this::forget));
    }

    DeviceInts allocInts(String name, int length) {
        return own(new CpuArrays.Ints(name, length, counters, this::forget));
    }

    private synchronized <T extends DeviceArray> T own(T array) {
        owned.add(array);
        return array;
    }

    /**
     * A closed array is no longer owned: without this, every pass over a data set (a fit, then an
     * evaluate, then a predict) kept its upload alive until the backend closed, and 50000 x 784 did
     * not fit -Xmx512m.
     */
    private synchronized void forget(DeviceArray array) {
        owned.remove(array);
    }

    void upload(float[] src, DeviceFloats dst) {
        System.arraycopy(src, 0, data(dst), 0, src.length);
    }

    void upload(int[] src, DeviceInts dst) {
        System.arraycopy(src, 0, data(dst), 0, src.length);
    }

    void download(DeviceFloats src, float[] dst) {
        counters.synced();
        System.arraycopy(data(src), 0, dst, 0, dst.length);
    }

    void fill(DeviceFloats dst, float value) {
        Arrays.fill(data(dst), value);
    }

    /** Nothing is queued on the CPU path; a finish is still a host sync, counted like a device's. */
    void finish() {
        counters.synced();
    }

    /** One compute call (gemm, softmax, Adam), counted like a kernel launch. */
    void launched() {
        counters.launched();
    }

    BackendCounters counters() {
        return counters;
    }

    synchronized void close() {
        for (int i = owned.size() - 1; i >= 0; i--) owned.get(i).close();
        owned.clear();
    }
}
