package clnn.check;

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
 * dZ_in, all the parameter gradients and the metrics. The list every backend is checked on is
 * {@link DenseTailOp#cases}.
 *
 * @param rows        rows in the batch
 * @param inputWidth  units of the input A_in (layer 1's output)
 * @param widths      the tail layers' widths, the last one the classes
 * @param activations the tail layers' activations, one per width
 * @param seed        seeds every input of the case
 */
public record DenseTailCase(int rows, int inputWidth, int[] widths, Activation[] activations, long seed)
        implements OpCase {

    @Override
    public String toString() {
        return "rows=" + rows + " widths=" + inputWidth + "->" + java.util.Arrays.toString(widths) + " "
                + java.util.Arrays.toString(activations);
    }

    /** "32_25-15-10_relu-linear_s21": rows, input width and layer widths, activations, seed (one-layer tails repeat). */
    @Override
    public String name() {
        StringBuilder sb = new StringBuilder().append(rows).append('_').append(inputWidth);
        for (int w : widths) sb.append('-').append(w);
        sb.append('_');
        for (int t = 0; t < activations.length; t++) sb.append(t == 0 ? "" : "-").append(activations[t].kerasName());
        return sb.append("_s").append(seed).toString();
    }

    /** Multiply-adds times two: forward, dW and dA of every tail layer (3 products of rows x in x out). */
    @Override
    public long flops() {
        return 2 * macs();
    }

    private long macs() {
        long macs = 0;
        for (int t = 0; t < widths.length; t++) macs += 3L * rows * (t == 0 ? inputWidth : widths[t - 1]) * widths[t];
        return macs;
    }

    /**
     * The sequence's traffic if nothing stayed on chip (the fused kernel keeps most of it in local
     * memory): per layer, forward reads A and W and writes Z; dW reads A and dZ and writes dW + db;
     * dA reads dZ, W and A and writes dA; the loss reads the logits and writes their gradient.
     */
    @Override
    public long bytes() {
        long floats = 0;
        for (int t = 0; t < widths.length; t++) {
            long in = t == 0 ? inputWidth : widths[t - 1];
            long out = widths[t];
            floats += rows * in + in * out + out + rows * out;        // forward
            floats += rows * in + rows * out + in * out + out;        // dW, db
            floats += rows * out + in * out + 2 * rows * in;          // dA
        }
        floats += 2L * rows * widths[widths.length - 1] + 2L * rows;  // loss: logits, gradient, labels, index
        return 4 * floats;
    }

    @Override
    public Prepared prepare(Backend b) {
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
        CaseArrays arrays = new CaseArrays(b);
        try {
            DeviceFloats params = floats(arrays, "params", count, r, 0.5f, false);
            DeviceFloats grads = floats(arrays, "grads", count, r, 1f, false);
            DeviceFloats aIn = floats(arrays, "a_in", rows * inputWidth, r, 1f, true);
            DeviceFloats dIn = floats(arrays, "d_in", rows * inputWidth, r, 1f, false);
            DeviceFloats metrics = floats(arrays, "metrics", SoftmaxCrossEntropy.METRIC_COUNT, r, 0f, false);
            DeviceFloats[] acts = new DeviceFloats[layers];
            DeviceFloats[] deltas = new DeviceFloats[layers];
            for (int t = 0; t < layers; t++) {
                acts[t] = floats(arrays, "a" + t, rows * widths[t], r, 1f, false);
                deltas[t] = floats(arrays, "d" + t, rows * widths[t], r, 1f, false);
            }
            DeviceInts labels = arrays.ints("labels", total);
            DeviceInts index = arrays.ints("index", total + 3);
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
            DenseTail call = new DenseTail(rows, layers, macs(), forward, loss, backward.toArray(new Gemm[0]));
            return arrays.prepared(() -> b.denseTail(call, offset), () -> {
                List<float[]> parts = new ArrayList<>();
                for (int t = 0; t < layers; t++) {
                    parts.add(arrays.read(acts[t]));
                    parts.add(arrays.read(deltas[t]));
                }
                parts.add(arrays.read(dIn));
                parts.add(arrays.read(grads));
                parts.add(arrays.read(metrics));
                int length = parts.stream().mapToInt(p -> p.length).sum();
                float[] out = new float[length];
                int at = 0;
                for (float[] p : parts) {
                    System.arraycopy(p, 0, out, at, p.length);
                    at += p.length;
                }
                return out;
            });
        } catch (RuntimeException ex) {
            arrays.close();
            throw ex;
        }
    }

    private static DeviceFloats floats(CaseArrays arrays, String name, int n, Random r, float scale,
                                       boolean nonNegative) {
        float[] h = new float[n];
        for (int i = 0; i < n; i++) {
            float v = (r.nextFloat() * 2 - 1) * scale;
            h[i] = nonNegative ? Math.max(0f, v) : v; // A_in is a relu output: exact zeros included
        }
        return arrays.floats(name, h);
    }
}
