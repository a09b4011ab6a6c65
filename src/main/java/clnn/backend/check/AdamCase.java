package clnn.backend.check;

import clnn.Adam;
import clnn.backend.AdamUpdate;
import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import java.util.Random;

/** One Adam case runnable on any backend: random params, grads and moments; returns w, m, v after {@code steps} updates. */
public record AdamCase(int count, int steps, long seed) {

    @Override
    public String toString() {
        return "count=" + count + " steps=" + steps;
    }

    public float[] run(Backend backend) {
        Random r = new Random(seed);
        Adam adam = new Adam(0.01f);
        try (DeviceFloats w = filled(backend, "w", r, 1f);
             DeviceFloats g = filled(backend, "g", r, 0.1f);
             DeviceFloats m = filled(backend, "m", r, 0.01f);
             DeviceFloats v = backend.allocFloats("v", count)) {
            float[] vHost = new float[count];
            for (int i = 0; i < count; i++) vHost[i] = r.nextFloat() * 1e-3f;
            backend.upload(vHost, v);
            AdamUpdate call = new AdamUpdate(w, g, m, v, count, adam);
            for (int t = 1; t <= steps; t++) backend.adam(call, t + 2);
            float[] out = new float[3 * count];
            float[] tmp = new float[count];
            backend.download(w, tmp);
            System.arraycopy(tmp, 0, out, 0, count);
            backend.download(m, tmp);
            System.arraycopy(tmp, 0, out, count, count);
            backend.download(v, tmp);
            System.arraycopy(tmp, 0, out, 2 * count, count);
            return out;
        }
    }

    private DeviceFloats filled(Backend backend, String name, Random r, float scale) {
        float[] h = new float[count];
        for (int i = 0; i < count; i++) h[i] = (r.nextFloat() * 2 - 1) * scale;
        DeviceFloats d = backend.allocFloats(name, count);
        backend.upload(h, d);
        return d;
    }
}
