package clnn.check;

import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import java.util.ArrayList;
import java.util.List;

/** The arrays one prepared case owns on a backend, freed in reverse order of allocation. */
final class CaseArrays implements AutoCloseable {
    final Backend backend;
    private final List<AutoCloseable> owned = new ArrayList<>();

    CaseArrays(Backend backend) {
        this.backend = backend;
    }

    DeviceFloats floats(String name, int length) {
        DeviceFloats d = backend.allocFloats(name, length);
        owned.add(d);
        return d;
    }

    DeviceFloats floats(String name, float[] host) {
        DeviceFloats d = floats(name, host.length);
        backend.upload(host, d);
        return d;
    }

    DeviceInts ints(String name, int length) {
        DeviceInts d = backend.allocInts(name, length);
        owned.add(d);
        return d;
    }

    float[] read(DeviceFloats d) {
        float[] h = new float[d.length()];
        backend.download(d, h);
        return h;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                if (first == null) first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
            }
        }
        owned.clear();
        if (first != null) throw first;
    }

    /** A prepared case that launches and reads as given; closing it frees these arrays. */
    OpCase.Prepared prepared(Runnable launch, java.util.function.Supplier<float[]> read) {
        return new OpCase.Prepared() {
            @Override
            public void launch() {
                launch.run();
            }

            @Override
            public float[] read() {
                return read.get();
            }

            @Override
            public void close() {
                CaseArrays.this.close();
            }
        };
    }
}
