package clnn.backend.cpu;

import static clnn.backend.cpu.CpuArrays.data;

import clnn.Adam;
import clnn.backend.AdamUpdate;
import clnn.backend.BackendCounters;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.backend.SoftmaxCrossEntropy;

/**
 * The reference implementation: the specification of every op's math, written as plain loops.
 *
 * <p>This is the oracle the OpenCL kernels and the fast CPU twins ({@link FastCpuBackend},
 * {@link VectorCpuBackend}) are tested against, so it favours obviousness over speed: one output
 * element at a time, sums accumulated in float32 in index order (k = 0, 1, ...), exactly as the
 * formulas in each call's Javadoc read. It is deterministic bit for bit.
 *
 * <p>It is final and extends nothing: the twins implement {@link clnn.backend.Backend} themselves.
 * What is not math (arrays, upload, download, counters) lives in {@link CpuMemory}, which every CPU
 * backend holds. The math of softmax and Adam is written here once, as {@link #softmaxCrossEntropyOf}
 * and {@link #adamOf}; a twin that does not speed an op up calls that function, so it computes
 * exactly what the reference computes.
 */
public final class CpuBackend implements HostArrayBackend {
    private final CpuMemory memory = new CpuMemory();

    /** The reference backend: single-threaded plain loops, nothing to open or tune. */
    public CpuBackend() {
    }

    @Override
    public CpuMemory memory() {
        return memory;
    }

    @Override
    public String description() {
        return "CPU (plain Java reference)";
    }

    /** C[i][j] = epilogue(sum_p opA[i][p] * opB[p][j]), one element at a time. */
    @Override
    public void gemm(Gemm g, int indexOffset) {
        memory.launched();
        float[] a = data(g.a().array());
        float[] b = data(g.b().array());
        float[] c = data(g.c().array());
        int[] rows = g.aRows() == null ? null : data(g.aRows());
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) {
                float sum = 0f;
                for (int p = 0; p < g.k(); p++) {
                    sum += elementA(g, a, rows, indexOffset, i, p) * elementB(g, b, p, j);
                }
                c[g.c().offset() + i * g.c().ld() + j] = applyEpilogue(g.epilogue(), sum, i, j);
            }
        }
        if (g.epilogue() instanceof Epilogue.BiasGradient bg) {
            columnSumsOfB(g, b, bg.columnSums());
        }
    }

    /** opA(i, p): the stored A is transposed when transA, and its rows may be gathered. */
    private static float elementA(Gemm g, float[] a, int[] rows, int indexOffset, int i, int p) {
        int storedRow = g.transA() ? p : i;
        int storedCol = g.transA() ? i : p;
        int physicalRow = rows == null ? storedRow : rows[indexOffset + storedRow];
        return a[g.a().offset() + physicalRow * g.a().ld() + storedCol];
    }

    private static float elementB(Gemm g, float[] b, int p, int j) {
        int storedRow = g.transB() ? j : p;
        int storedCol = g.transB() ? p : j;
        return b[g.b().offset() + storedRow * g.b().ld() + storedCol];
    }

    private static float applyEpilogue(Epilogue e, float sum, int i, int j) {
        if (e instanceof Epilogue.BiasActivation ba) {
            float bias = data(ba.bias().array())[ba.bias().offset() + j];
            return ba.activation().apply(sum + bias);
        }
        if (e instanceof Epilogue.ActivationGradient ag) {
            Operand out = ag.output();
            float a = data(out.array())[out.offset() + i * out.ld() + j];
            return sum * ag.activation().derivativeFromOutput(a);
        }
        return sum;
    }

    /** db[j] = sum over p of opB(p, j): the bias gradient is the column sum of dZ over the batch. */
    private static void columnSumsOfB(Gemm g, float[] b, Operand sums) {
        float[] out = data(sums.array());
        for (int j = 0; j < g.n(); j++) {
            float s = 0f;
            for (int p = 0; p < g.k(); p++) s += elementB(g, b, p, j);
            out[sums.offset() + j] = s;
        }
    }

    @Override
    public void softmaxCrossEntropy(SoftmaxCrossEntropy s, int indexOffset) {
        memory.launched();
        softmaxCrossEntropyOf(s, indexOffset);
    }

    /**
     * Per row: loss = logsumexp(z) - z_label, gradient = (softmax(z) - onehot(label)) / rows, and the
     * metrics accumulated; see {@link SoftmaxCrossEntropy}. The twins call this too.
     */
    static void softmaxCrossEntropyOf(SoftmaxCrossEntropy s, int indexOffset) {
        float[] z = data(s.logits().array());
        int[] labels = data(s.labels());
        int[] index = s.rowIndex() == null ? null : data(s.rowIndex());
        float[] grad = s.gradient() == null ? null : data(s.gradient().array());
        float[] metrics = data(s.metrics());
        float lossSum = 0f;
        float correct = 0f;
        for (int r = 0; r < s.rows(); r++) {
            int zRow = s.logits().offset() + r * s.logits().ld();
            int label = labels[index == null ? r : index[indexOffset + r]];
            // Subtract the row maximum so exp never overflows: softmax is shift-invariant.
            float max = z[zRow];
            int argmax = 0;
            for (int j = 1; j < s.classes(); j++) {
                if (z[zRow + j] > max) {
                    max = z[zRow + j];
                    argmax = j;
                }
            }
            float sumExp = 0f;
            for (int j = 0; j < s.classes(); j++) sumExp += (float) Math.exp(z[zRow + j] - max);
            float logSumExp = (float) Math.log(sumExp);
            lossSum += logSumExp - (z[zRow + label] - max);
            if (argmax == label) correct += 1f;
            if (grad != null) {
                int gRow = s.gradient().offset() + r * s.gradient().ld();
                for (int j = 0; j < s.classes(); j++) {
                    float p = (float) Math.exp(z[zRow + j] - max) / sumExp;
                    grad[gRow + j] = (p - (j == label ? 1f : 0f)) / s.rows();
                }
            }
        }
        float before = metrics[SoftmaxCrossEntropy.ROWS];
        metrics[SoftmaxCrossEntropy.LOSS_SUM] += lossSum;
        metrics[SoftmaxCrossEntropy.CORRECT] += correct;
        metrics[SoftmaxCrossEntropy.ROWS] += s.rows();
        if (!Float.isFinite(lossSum) && metrics[SoftmaxCrossEntropy.FIRST_NONFINITE] == 0f) {
            metrics[SoftmaxCrossEntropy.FIRST_NONFINITE] = before + 1f;
        }
    }

    @Override
    public void adam(AdamUpdate u, long step) {
        memory.launched();
        adamOf(u, step);
    }

    /** Keras's Adam, element by element; see {@link Adam} for the formulas. {@link FastCpuBackend} calls this too. */
    static void adamOf(AdamUpdate u, long step) {
        Adam adam = u.adam();
        float alpha = adam.alpha(step);
        float oneMinusBeta1 = 1f - adam.beta1();
        float oneMinusBeta2 = 1f - adam.beta2();
        float[] w = data(u.params());
        float[] g = data(u.grads());
        float[] m = data(u.m());
        float[] v = data(u.v());
        for (int i = 0; i < u.count(); i++) {
            m[i] += (g[i] - m[i]) * oneMinusBeta1;
            v[i] += (g[i] * g[i] - v[i]) * oneMinusBeta2;
            w[i] -= alpha * m[i] / ((float) Math.sqrt(v[i]) + adam.epsilon());
        }
    }

}
