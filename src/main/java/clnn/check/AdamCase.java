package clnn.check;

import clnn.Adam;
import clnn.backend.AdamUpdate;
import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import java.util.Random;

/**
 * One adam case runnable on any backend: random params, grads and moments; {@link #run} returns
 * w, m, v after {@code steps} updates (steps 3, 4, ...). The list every backend is checked on is
 * {@link AdamOp#cases}.
 *
 * @param count parameters updated
 * @param steps updates applied (numbered from 3)
 * @param seed  seeds the parameters, gradients and moments
 */
public record AdamCase(int count, int steps, long seed) implements OpCase {

    @Override
    public String toString() {
        return "count=" + count + " steps=" + steps;
    }

    /** "10575x5": parameters times steps. */
    @Override
    public String name() {
        return count + "x" + steps;
    }

    @Override
    public int launchesPerRun() {
        return steps;
    }

    /** Memory-bound (about a dozen operations per parameter): no FLOP count. */
    @Override
    public long flops() {
        return 0;
    }

    /** Reads w, g, m, v and writes w, m, v. */
    @Override
    public long bytes() {
        return 4L * 7 * count;
    }

    @Override
    public Prepared prepare(Backend backend) {
        Random r = new Random(seed);
        Adam adam = new Adam(0.01f);
        CaseArrays arrays = new CaseArrays(backend);
        try {
            DeviceFloats w = filled(arrays, "w", r, 1f);
            DeviceFloats g = filled(arrays, "g", r, 0.1f);
            DeviceFloats m = filled(arrays, "m", r, 0.01f);
            DeviceFloats v = arrays.floats("v", count);
            float[] vHost = new float[count];
            for (int i = 0; i < count; i++) vHost[i] = r.nextFloat() * 1e-3f;
            backend.upload(vHost, v);
            AdamUpdate call = new AdamUpdate(w, g, m, v, count, adam);
            // Update number 3, 4, ...: past the first steps, where bias correction is largest.
            long[] launched = {0};
            return arrays.prepared(() -> backend.adam(call, ++launched[0] + 2), () -> {
                float[] out = new float[3 * count];
                System.arraycopy(arrays.read(w), 0, out, 0, count);
                System.arraycopy(arrays.read(m), 0, out, count, count);
                System.arraycopy(arrays.read(v), 0, out, 2 * count, count);
                return out;
            });
        } catch (RuntimeException ex) {
            arrays.close();
            throw ex;
        }
    }

    private DeviceFloats filled(CaseArrays arrays, String name, Random r, float scale) {
        float[] h = new float[count];
        for (int i = 0; i < count; i++) h[i] = (r.nextFloat() * 2 - 1) * scale;
        return arrays.floats(name, h);
    }
}
