package clnn.backend.check;

import clnn.Activation;
import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import java.util.Random;

/**
 * One GEMM test case, described once and runnable on any backend: seeded random operands stored
 * with offsets and padded leading dimensions (so index mistakes show), an optional row gather
 * through a shuffled index at a non-zero offset, and one of the epilogues. {@link #run} returns C
 * followed by the column sums (for the bias-gradient epilogue), as downloaded from the backend.
 */
public record GemmCase(boolean transA, boolean transB, int m, int n, int k, boolean gather, String epilogue,
                       Activation activation, long seed) {

    public static final String NONE = "none";
    public static final String BIAS_ACTIVATION = "bias+activation";
    public static final String ACTIVATION_GRADIENT = "activation-gradient";
    public static final String BIAS_GRADIENT = "bias-gradient";

    @Override
    public String toString() {
        return (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + (gather ? " gather" : "")
                + " " + epilogue + (activation != null ? "(" + activation.kerasName() + ")" : "");
    }

    public float[] run(Backend backend) {
        Random r = new Random(seed);
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int aLd = aCols + 3;
        int bLd = bCols + 1;
        int cLd = n + 2;
        int aOff = 5;
        int bOff = 7;
        int cOff = 3;
        int physicalRows = gather ? aRows + 11 : aRows;
        int indexOffset = gather ? 4 : 0;
        try (DeviceFloats a = upload(backend, "a", random(r, aOff + physicalRows * aLd));
             DeviceFloats b = upload(backend, "b", random(r, bOff + bRows * bLd));
             DeviceFloats c = upload(backend, "c", random(r, cOff + m * cLd));
             DeviceFloats extra = upload(backend, "extra", extra(r));
             DeviceInts index = backend.allocInts("index", indexOffset + aRows)) {
            int[] idx = new int[indexOffset + aRows];
            int[] perm = permutation(r, physicalRows);
            for (int i = 0; i < aRows; i++) idx[indexOffset + i] = perm[i];
            backend.upload(idx, index);
            Epilogue e = switch (epilogue) {
                case NONE -> Epilogue.NONE;
                case BIAS_ACTIVATION -> new Epilogue.BiasActivation(Operand.vector(extra, 2), activation);
                case ACTIVATION_GRADIENT -> new Epilogue.ActivationGradient(new Operand(extra, 1, n + 1), activation);
                case BIAS_GRADIENT -> new Epilogue.BiasGradient(Operand.vector(extra, 1));
                default -> throw new IllegalArgumentException(epilogue);
            };
            Gemm g = new Gemm(transA, transB, m, n, k, new Operand(a, aOff, aLd), gather ? index : null,
                    new Operand(b, bOff, bLd), new Operand(c, cOff, cLd), e);
            backend.gemm(g, indexOffset);
            float[] cOut = new float[c.length()];
            backend.download(c, cOut);
            float[] eOut = new float[extra.length()];
            backend.download(extra, eOut);
            float[] result = new float[m * n + (epilogue.equals(BIAS_GRADIENT) ? n : 0)];
            for (int i = 0; i < m; i++) System.arraycopy(cOut, cOff + i * cLd, result, i * n, n);
            if (epilogue.equals(BIAS_GRADIENT)) System.arraycopy(eOut, 1, result, m * n, n);
            return result;
        }
    }

    /** Bias (at offset 2), stored activations (m x n at offset 1, ld n+1) or column sums (offset 1). */
    private float[] extra(Random r) {
        float[] v = new float[1 + m * (n + 1) + n + 2];
        for (int i = 0; i < v.length; i++) {
            float x = r.nextFloat() * 2 - 1;
            // Stored activations are outputs of the activation: relu outputs are >= 0 with exact zeros,
            // sigmoid outputs lie in (0, 1).
            if (activation == Activation.RELU && epilogue.equals(ACTIVATION_GRADIENT)) x = Math.max(0, x);
            if (activation == Activation.SIGMOID && epilogue.equals(ACTIVATION_GRADIENT)) x = (x + 1) / 2;
            v[i] = x;
        }
        return v;
    }

    private static DeviceFloats upload(Backend backend, String name, float[] host) {
        DeviceFloats d = backend.allocFloats(name, host.length);
        backend.upload(host, d);
        return d;
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat() * 2 - 1;
        return v;
    }

    private static int[] permutation(Random r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
