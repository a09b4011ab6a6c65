package clnn.check;

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
 * The list every backend is checked on is {@link GemmOp#cases}.
 *
 * @param transA     {@link clnn.backend.Gemm#transA}: whether A is used transposed
 * @param transB     whether B is used transposed
 * @param m          rows of C
 * @param n          columns of C
 * @param k          the inner dimension
 * @param gather     whether A's rows are read through a shuffled index
 * @param epilogue   one of {@link #NONE}, {@link #BIAS_ACTIVATION}, {@link #ACTIVATION_GRADIENT},
 *                   {@link #BIAS_GRADIENT}
 * @param activation the epilogue's activation, or null for the epilogues without one
 * @param seed       seeds every input of the case
 */
public record GemmCase(boolean transA, boolean transB, int m, int n, int k, boolean gather, String epilogue,
                       Activation activation, long seed) implements OpCase {

    /** {@code epilogue} value for {@link Epilogue.None}; also the last part of the case's name. */
    public static final String NONE = "none";
    /** {@code epilogue} value for {@link Epilogue.BiasActivation}. */
    public static final String BIAS_ACTIVATION = "bias_activation";
    /** {@code epilogue} value for {@link Epilogue.ActivationGradient}. */
    public static final String ACTIVATION_GRADIENT = "activation_gradient";
    /** {@code epilogue} value for {@link Epilogue.BiasGradient}. */
    public static final String BIAS_GRADIENT = "bias_gradient";

    @Override
    public String toString() {
        return (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + (gather ? " gather" : "")
                + " " + epilogue + (activation != null ? "(" + activation.kerasName() + ")" : "");
    }

    /** "NN_32x25x400_gather_bias_activation_relu": the case's name in a benchmark parameter. */
    @Override
    public String name() {
        return (transA ? "T" : "N") + (transB ? "T" : "N") + "_" + m + "x" + n + "x" + k + (gather ? "_gather" : "")
                + "_" + epilogue + (activation != null ? "_" + activation.kerasName() : "");
    }

    /** Multiply-adds times two. */
    @Override
    public long flops() {
        return 2L * m * n * k;
    }

    /** A, B and C once each, plus the gather's index, the bias, the stored activations or the column sums. */
    @Override
    public long bytes() {
        long floats = (long) m * k + (long) k * n + (long) m * n;
        floats += switch (epilogue) {
            case BIAS_ACTIVATION, BIAS_GRADIENT -> n;
            case ACTIVATION_GRADIENT -> (long) m * n;
            default -> 0;
        };
        return 4 * (floats + (gather ? (transA ? k : m) : 0));
    }

    @Override
    public Prepared prepare(Backend backend) {
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
        CaseArrays arrays = new CaseArrays(backend);
        try {
            DeviceFloats a = arrays.floats("a", Seeded.uniform(r, aOff + physicalRows * aLd));
            DeviceFloats b = arrays.floats("b", Seeded.uniform(r, bOff + bRows * bLd));
            DeviceFloats c = arrays.floats("c", Seeded.uniform(r, cOff + m * cLd));
            DeviceFloats extra = arrays.floats("extra", extra(r));
            DeviceInts index = arrays.ints("index", indexOffset + aRows);
            int[] idx = new int[indexOffset + aRows];
            int[] perm = Seeded.permutation(r, physicalRows);
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
            return arrays.prepared(() -> backend.gemm(g, indexOffset), () -> {
                float[] cOut = arrays.read(c);
                float[] eOut = arrays.read(extra);
                float[] result = new float[m * n + (epilogue.equals(BIAS_GRADIENT) ? n : 0)];
                for (int i = 0; i < m; i++) System.arraycopy(cOut, cOff + i * cLd, result, i * n, n);
                if (epilogue.equals(BIAS_GRADIENT)) System.arraycopy(eOut, 1, result, m * n, n);
                return result;
            });
        } catch (RuntimeException ex) {
            arrays.close();
            throw ex;
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
}
