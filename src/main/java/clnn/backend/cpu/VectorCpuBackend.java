package clnn.backend.cpu;

import static clnn.backend.cpu.CpuArrays.data;

import clnn.Activation;
import clnn.Adam;
import clnn.backend.AdamUpdate;
import clnn.backend.BackendCounters;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.backend.TrainingSteps;
import java.util.Optional;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The CPU path with explicit SIMD through the incubating Vector API (JDK 17+), used when the JVM
 * runs with {@code --add-modules jdk.incubator.vector} ({@link CpuTwins} decides); {@link FastCpuBackend}
 * otherwise. Tested against the reference like every backend. It extends nothing: arrays and counters
 * are a {@link CpuMemory}, and softmax calls the reference's own {@link CpuBackend#softmaxCrossEntropyOf}.
 *
 * <p>GEMM as an outer-product micro-kernel: C is computed in blocks of R = 4 rows by L columns (L =
 * the preferred vector width, 16 floats with AVX-512), accumulators in registers:
 * <pre>
 *   pack    Bp[p][0..np) = op(B)(p, 0..n), zero-padded to np = n rounded up to L
 *   for each block (i0, j0):  acc[r] += broadcast(op(A)(i0 + r, p)) * Bp[p][j0..j0+L)   for p = 0..k-1
 *   store   C[i0 + r][j0..] = epilogue(acc[r]), the padding lanes dropped
 * </pre>
 * One vector load and four FMAs per step of p, no accumulator traffic to memory: what the
 * auto-vectoriser cannot do for the 32-row, 25-column products of the reference workload.
 *
 * <p>Whole training steps of a small network ({@link #trainSteps}) run fused, in one pass over padded arrays that
 * stay in cache ({@link FusedSteps}: the rule, {@link FusedMlp}: the steps); larger networks run the per-op calls.
 */
public final class VectorCpuBackend implements HostArrayBackend {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int R = 4;

    private float[] packedB = new float[0];
    private final float[] lanes = new float[L];
    private final int[] rowBase = new int[R];
    private final CpuMemory memory = new CpuMemory();
    private final BlockedGemm blocked;
    private final FusedSteps fused = new FusedSteps();

    /** One thread: what tests and the small reference workload use. */
    public VectorCpuBackend() {
        this(1);
    }

    /**
     * A Vector API backend whose large products are shared over {@code threads} threads.
     *
     * @param threads the threads a large GEMM may use (the caller's included), {@literal >=} 1
     */
    public VectorCpuBackend(int threads) {
        blocked = new BlockedGemm(VectorMicroKernel::new, threads);
    }

    /**
     * The threads large products run on (internal: read by the tests).
     *
     * @return the blocked GEMM's thread count, the caller's thread included
     */
    public int threads() {
        return blocked.threads();
    }

    /** Stops the GEMM's worker threads, then releases the arrays. */
    @Override
    public void close() {
        try {
            blocked.close();
        } finally {
            memory.close();
        }
    }

    @Override
    public CpuMemory memory() {
        return memory;
    }
    private final float[] acc = new float[R * L];

    @Override
    public String description() {
        return "CPU (Java, Vector API, " + L + " floats per vector, " + CpuThreads.describe(threads()) + ")";
    }

    /** Not sped up: the reference's softmax, the same code, so the same bits. */
    @Override
    public void softmaxCrossEntropy(SoftmaxCrossEntropy s, int indexOffset) {
        memory.launched();
        CpuBackend.softmaxCrossEntropyOf(s, indexOffset);
    }


    @Override
    public void gemm(Gemm g, int indexOffset) {
        memory.launched();
        if (BlockedGemm.suits(g)) {
            blocked.run(g, indexOffset);
            return;
        }
        int n = g.n();
        int k = g.k();
        int np = (n + L - 1) / L * L;
        packB(g, np);
        float[] a = data(g.a().array());
        int[] rows = g.aRows() == null ? null : data(g.aRows());
        int aOff = g.a().offset();
        int lda = g.a().ld();
        for (int i0 = 0; i0 < g.m(); i0 += R) {
            int count = Math.min(R, g.m() - i0);
            if (!g.transA()) {
                // op(A)(i, p) = A[row(i)][p]: four row starts, then unit stride along p.
                for (int r = 0; r < R; r++) {
                    int i = i0 + Math.min(r, count - 1); // a short last block repeats its last row
                    rowBase[r] = aOff + (rows == null ? i : rows[indexOffset + i]) * lda;
                }
            }
            for (int j0 = 0; j0 < np; j0 += L) {
                if (!g.transA()) {
                    rowsTimesB(a, rowBase[0], rowBase[1], rowBase[2], rowBase[3], packedB, np, j0, k, acc);
                } else {
                    columnsTimesB(a, aOff, lda, rows, indexOffset, i0, count - 1, packedB, np, j0, k, acc);
                }
                for (int r = 0; r < count; r++) store(g, i0 + r, j0, acc, r * L);
            }
        }
        if (g.epilogue() instanceof Epilogue.BiasGradient bg) columnSumsOfPackedB(g, np, bg.columnSums());
    }

    /**
     * The micro-kernel for op(A) = A: acc[r] = sum_p A[base_r + p] * Bp[p][j0..j0+L). Kept small and
     * separate so the JIT compiles it early and whole (Vector API code is slow until it does).
     */
    private static void rowsTimesB(float[] a, int b0, int b1, int b2, int b3, float[] bp, int np, int j0, int k,
                                   float[] out) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, bp, p * np + j0);
            acc0 = bv.fma(FloatVector.broadcast(S, a[b0 + p]), acc0);
            acc1 = bv.fma(FloatVector.broadcast(S, a[b1 + p]), acc1);
            acc2 = bv.fma(FloatVector.broadcast(S, a[b2 + p]), acc2);
            acc3 = bv.fma(FloatVector.broadcast(S, a[b3 + p]), acc3);
        }
        // Vectors must not escape into objects (that would allocate); the lanes go to a scratch array.
        acc0.intoArray(out, 0);
        acc1.intoArray(out, L);
        acc2.intoArray(out, 2 * L);
        acc3.intoArray(out, 3 * L);
    }

    /** The micro-kernel for op(A) = A^T: the four values of a step are adjacent in a stored row of A. */
    private static void columnsTimesB(float[] a, int aOff, int lda, int[] rows, int indexOffset, int i0, int last,
                                      float[] bp, int np, int j0, int k, float[] out) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        int o1 = Math.min(1, last);
        int o2 = Math.min(2, last);
        int o3 = Math.min(3, last);
        for (int p = 0; p < k; p++) {
            int base = aOff + (rows == null ? p : rows[indexOffset + p]) * lda + i0;
            FloatVector bv = FloatVector.fromArray(S, bp, p * np + j0);
            acc0 = bv.fma(FloatVector.broadcast(S, a[base]), acc0);
            acc1 = bv.fma(FloatVector.broadcast(S, a[base + o1]), acc1);
            acc2 = bv.fma(FloatVector.broadcast(S, a[base + o2]), acc2);
            acc3 = bv.fma(FloatVector.broadcast(S, a[base + o3]), acc3);
        }
        // Vectors must not escape into objects (that would allocate); the lanes go to a scratch array.
        acc0.intoArray(out, 0);
        acc1.intoArray(out, L);
        acc2.intoArray(out, 2 * L);
        acc3.intoArray(out, 3 * L);
    }

    /** Bp[p * np + j] = op(B)(p, j) for j < n, zero beyond. */
    private void packB(Gemm g, int np) {
        int n = g.n();
        int k = g.k();
        if (packedB.length < k * np) packedB = new float[k * np];
        float[] b = data(g.b().array());
        int off = g.b().offset();
        int ld = g.b().ld();
        for (int p = 0; p < k; p++) {
            int dst = p * np;
            if (!g.transB()) {
                System.arraycopy(b, off + p * ld, packedB, dst, n);
            } else {
                for (int j = 0; j < n; j++) packedB[dst + j] = b[off + j * ld + p];
            }
            for (int j = n; j < np; j++) packedB[dst + j] = 0f;
        }
    }

    /** C[i][j0 + l] = epilogue(lanes[from + l]) for the real columns of the block. */
    private static void store(Gemm g, int i, int j0, float[] lanes, int from) {
        int end = Math.min(L, g.n() - j0);
        float[] c = data(g.c().array());
        int at = g.c().offset() + i * g.c().ld() + j0;
        Epilogue e = g.epilogue();
        if (e instanceof Epilogue.BiasActivation ba) {
            float[] bias = data(ba.bias().array());
            int bo = ba.bias().offset() + j0;
            Activation act = ba.activation();
            // Whole vectors through TileEpilogue (relu as a blend, not a mispredicted branch), the rest here.
            int l = act == Activation.SIGMOID ? 0 : TileEpilogue.biasActivation(act, lanes, from, bias, bo, c, at, end);
            for (; l < end; l++) c[at + l] = act.apply(lanes[from + l] + bias[bo + l]);
        } else if (e instanceof Epilogue.ActivationGradient ag) {
            Operand out = ag.output();
            float[] o = data(out.array());
            int oo = out.offset() + i * out.ld() + j0;
            Activation act = ag.activation();
            int l = act == Activation.SIGMOID ? 0 : TileEpilogue.activationGradient(act, lanes, from, o, oo, c, at, end);
            for (; l < end; l++) c[at + l] = lanes[from + l] * act.derivativeFromOutput(o[oo + l]);
        } else {
            System.arraycopy(lanes, from, c, at, end);
        }
    }

    /** db[j] = sum_p op(B)(p, j), vector by vector over the packed rows. */
    private void columnSumsOfPackedB(Gemm g, int np, Operand sums) {
        float[] out = data(sums.array());
        for (int j0 = 0; j0 < np; j0 += L) {
            FloatVector s = FloatVector.zero(S);
            for (int p = 0; p < g.k(); p++) s = s.add(FloatVector.fromArray(S, packedB, p * np + j0));
            s.intoArray(lanes, 0);
            System.arraycopy(lanes, 0, out, sums.offset() + j0, Math.min(L, g.n() - j0));
        }
    }

    /** Fused when {@link FusedSteps}'s rule accepts the network and batch, else the per-op definition. */
    @Override
    public void trainSteps(TrainingSteps call, int first, int count, long adamStepBefore) {
        if (!FusedSteps.accepts(call)) {
            call.runUnfused(this, first, count, adamStepBefore);
            return;
        }
        memory.launched();
        fused.run(call, first, count, adamStepBefore);
    }

    @Override
    public Optional<String> fusion(TrainingSteps call) {
        return FusedSteps.fusion(call);
    }

    /** Keras's Adam, L elements at a time; the same formulas as the reference, in the same order per element. */
    @Override
    public void adam(AdamUpdate u, long step) {
        memory.launched();
        Adam adam = u.adam();
        float alpha = adam.alpha(step);
        float oneMinusBeta1 = 1f - adam.beta1();
        float oneMinusBeta2 = 1f - adam.beta2();
        float eps = adam.epsilon();
        float[] w = data(u.params());
        float[] g = data(u.grads());
        float[] m = data(u.m());
        float[] v = data(u.v());
        // Whole vectors through the fused path's kernel (one Adam for both), the rest one element at a time.
        int i = S.loopBound(u.count());
        FusedKernels.adam(w, g, m, v, i, alpha, oneMinusBeta1, oneMinusBeta2, eps);
        for (; i < u.count(); i++) {
            m[i] += (g[i] - m[i]) * oneMinusBeta1;
            v[i] += (g[i] * g[i] - v[i]) * oneMinusBeta2;
            w[i] -= alpha * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }
}
