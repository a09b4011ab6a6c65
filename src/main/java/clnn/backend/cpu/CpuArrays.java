package clnn.backend.cpu;

import clnn.backend.BackendCounters;
import clnn.backend.DeviceArray;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;

/** The CPU path's device arrays: plain Java arrays, counted so leak tests see them like cl_mem. */
final class CpuArrays {
    private CpuArrays() {
    }

    abstract static class Base implements DeviceArray {
        private final String name;
        private final BackendCounters counters;
        private final long bytes;
        private final java.util.function.Consumer<DeviceArray> onClose;
        private boolean closed;

        Base(String name, long bytes, BackendCounters counters, java.util.function.Consumer<DeviceArray> onClose) {
            this.name = name;
            this.bytes = bytes;
            this.counters = counters;
            this.onClose = onClose;
            counters.allocated(bytes);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                counters.released(bytes);
                // The owner forgets the array, so a closed array's memory is garbage like a freed cl_mem.
                onClose.accept(this);
            }
        }
    }

    static final class Floats extends Base implements DeviceFloats {
        final float[] data;

        Floats(String name, int length, BackendCounters counters, java.util.function.Consumer<DeviceArray> onClose) {
            super(name, 4L * length, counters, onClose);
            this.data = new float[length];
        }

        @Override
        public int length() {
            return data.length;
        }
    }

    static final class Ints extends Base implements DeviceInts {
        final int[] data;

        Ints(String name, int length, BackendCounters counters, java.util.function.Consumer<DeviceArray> onClose) {
            super(name, 4L * length, counters, onClose);
            this.data = new int[length];
        }

        @Override
        public int length() {
            return data.length;
        }
    }

    static float[] data(DeviceFloats a) {
        return ((Floats) a).data;
    }

    static int[] data(DeviceInts a) {
        return ((Ints) a).data;
    }
}
