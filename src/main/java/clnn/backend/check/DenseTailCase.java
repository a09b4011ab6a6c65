package clnn.backend.check;

import clnn.Activation;
import clnn.backend.Backend;
import clnn.backend.DenseTail;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.backend.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One {@link DenseTail} case runnable on any backend, laid out as the trainer lays it out: an
 * input A_in (the output of layer 1, relu), tail layers of the given widths (the last is the
 * classes), weights and biases at offsets in one parameter array, gradients in one gradient array,
 * labels read through a shuffled index. {@link #run} returns every tail activation and gradient,
 * dZ_in, all the parameter gradients and the metrics.
 */
public record DenseTailCase(int rows, int inputWidth, int[] widths, Activation[] activations, long seed) {

    @Override
    public String toString() {
        return "rows=" + rows + " widths=" + inputWidth + "->" + java.util.Arrays.toString(widths) + " "
                + java.util.Arrays.toString(activations);
    }

    public float[] run(Backend b) {
        Random r = new Random(seed);
        int layers = widths.length;
        int total = rows + 13;
        int[] wOff = new int[layers];
        int[] bOff = new int[layers];
        int count = 5; // leave a few unrelated parameters in front, like layer 1's
        for (int t = 0; t < layers; t++) {
            int in = t == 0 ? inputWidth : widths[t - 1];
            wOff[t] = count;
            bOff[t] = count + in * widths[t];
            count = bOff[t] + widths[t];
        }
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            DeviceFloats params = floats(b, owned, "params", count, r, 0.5f, false);
            DeviceFloats grads = floats(b, owned, "grads", count, r, 1f, false);
            DeviceFloats aIn = floats(b, owned, "a_in", rows * inputWidth, r, 1f, true);
            DeviceFloats dIn = floats(b, owned, "d_in", rows * inputWidth, r, 1f, false);
            DeviceFloats metrics = floats(b, owned, "metrics", SoftmaxCrossEntropy.METRIC_COUNT, r, 0f, false);
            DeviceFloats[] acts = new DeviceFloats[layers];
            DeviceFloats[] deltas = new DeviceFloats[layers];
            for (int t = 0; t < layers; t++) {
                acts[t] = floats(b, owned, "a" + t, rows * widths[t], r, 1f, false);
                deltas[t] = floats(b, owned, "d" + t, rows * widths[t], r, 1f, false);
            }
            DeviceInts labels = b.allocInts("labels", total);
            owned.add(labels);
            DeviceInts index = b.allocInts("index", total + 3);
            owned.add(index);
            int[] y = new int[total];
            int classes = widths[layers - 1];
            for (int i = 0; i < total; i++) y[i] = r.nextInt(classes);
            b.upload(y, labels);
            int[] idx = new int[total + 3];
            for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt(total);
            b.upload(idx, index);
            int offset = 3;

            Gemm[] forward = new Gemm[layers];
            for (int t = 0; t < layers; t++) {
                int in = t == 0 ? inputWidth : widths[t - 1];
                Operand a = t == 0 ? new Operand(aIn, 0, inputWidth) : new Operand(acts[t - 1], 0, in);
                forward[t] = new Gemm(false, false, rows, widths[t], in, a, null, new Operand(params, wOff[t], widths[t]),
                        new Operand(acts[t], 0, widths[t]),
                        new Epilogue.BiasActivation(Operand.vector(params, bOff[t]), activations[t]));
            }
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(new Operand(acts[layers - 1], 0, classes), rows, classes,
                    labels, index, new Operand(deltas[layers - 1], 0, classes), metrics);
            List<Gemm> backward = new ArrayList<>();
            for (int t = layers - 1; t >= 0; t--) {
                int in = t == 0 ? inputWidth : widths[t - 1];
                Operand a = t == 0 ? new Operand(aIn, 0, inputWidth) : new Operand(acts[t - 1], 0, in);
                Operand dz = new Operand(deltas[t], 0, widths[t]);
                backward.add(new Gemm(true, false, in, widths[t], rows, a, null, dz, new Operand(grads, wOff[t], widths[t]),
                        new Epilogue.BiasGradient(Operand.vector(grads, bOff[t]))));
                Operand below = t == 0 ? new Operand(dIn, 0, inputWidth) : new Operand(deltas[t - 1], 0, in);
                Activation act = t == 0 ? Activation.RELU : activations[t - 1];
                backward.add(new Gemm(false, true, rows, in, widths[t], dz, null, new Operand(params, wOff[t], widths[t]),
                        below, new Epilogue.ActivationGradient(a, act)));
            }
            long macs = 0;
            for (int t = 0; t < layers; t++) macs += 3L * rows * (t == 0 ? inputWidth : widths[t - 1]) * widths[t];
            b.denseTail(new DenseTail(rows, layers, macs, forward, loss, backward.toArray(new Gemm[0])), offset);

            List<float[]> parts = new ArrayList<>();
            for (int t = 0; t < layers; t++) {
                parts.add(read(b, acts[t]));
                parts.add(read(b, deltas[t]));
            }
            parts.add(read(b, dIn));
            parts.add(read(b, grads));
            parts.add(read(b, metrics));
            int length = parts.stream().mapToInt(p -> p.length).sum();
            float[] out = new float[length];
            int at = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        } finally {
            for (int i = owned.size() - 1; i >= 0; i--) {
                try {
                    owned.get(i).close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static DeviceFloats floats(Backend b, List<AutoCloseable> owned, String name, int n, Random r, float scale,
                                       boolean nonNegative) {
        float[] h = new float[n];
        for (int i = 0; i < n; i++) {
            float v = (r.nextFloat() * 2 - 1) * scale;
            h[i] = nonNegative ? Math.max(0f, v) : v; // A_in is a relu output: exact zeros included
        }
        DeviceFloats d = b.allocFloats(name, n);
        owned.add(d);
        b.upload(h, d);
        return d;
    }

    private static float[] read(Backend b, DeviceFloats d) {
        float[] h = new float[d.length()];
        b.download(d, h);
        return h;
    }

    /** Tails of 1, 2 and 3 layers, odd widths and row counts, every activation in the hidden layers. */
    public static List<DenseTailCase> all() {
        List<DenseTailCase> cases = new ArrayList<>();
        long seed = 1;
        int[][] shapes = {{25, 15, 10}, {7, 3}, {33, 17, 5, 9}, {1, 1}, {40, 10}};
        for (int rows : new int[] {1, 7, 32, 33}) {
            for (int[] s : shapes) {
                int[] widths = java.util.Arrays.copyOfRange(s, 1, s.length);
                for (Activation hidden : Activation.values()) {
                    Activation[] acts = new Activation[widths.length];
                    java.util.Arrays.fill(acts, hidden);
                    acts[acts.length - 1] = Activation.LINEAR;
                    cases.add(new DenseTailCase(rows, s[0], widths, acts, seed++));
                }
            }
        }
        return cases;
    }
}
