package clnn.backend.cpu;

import static clnn.backend.cpu.CpuArrays.data;

import clnn.backend.AdamUpdate;
import clnn.backend.BackendCounters;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.backend.SoftmaxCrossEntropy;

/**
 * The CPU path used for training without the Vector API: the reference's ops with a GEMM shaped for
 * what the JIT can vectorise, tested against the reference in FastCpuBackendTest. It extends nothing:
 * arrays and counters are a {@link CpuMemory}, and softmax and Adam call the reference's own
 * functions ({@link CpuBackend#softmaxCrossEntropyOf}, {@link CpuBackend#adamOf}).
 *
 * <p>Why it is shaped like this: HotSpot C2 (JDK 17) vectorises a loop {@code c[i] += s * a[i]} over
 * distinct arrays, but not one that reads a flat array at two offsets, and a short loop pays a large
 * fixed cost per entry. So every product is computed transposed, in "column form":
 * <pre>
 *   pack   At[p][i] = opA(i, p)                          (k rows of m; the row gather happens here)
 *   loop   Ct[j][0..m) += opB(p, j) * At[p][0..m)         (p unrolled by 4: 4 FMAs per load/store of Ct)
 *   unpack C[i][j] = epilogue(Ct[j][i])
 * </pre>
 * The inner loop runs over m (the batch for forward and dA, the input width for dW: 32 and 400 in
 * the reference workload) with separate row arrays. Sums are in a different order from the
 * reference (four products, then the running sum), so results agree to rounding, not bit for bit;
 * they are still deterministic.
 *
 * <p>Threads: above {@link CpuThreads#PARALLEL_WORK} multiply-adds the columns j are shared out
 * over a {@link WorkerPool} (each Ct[j] is one thread's, summed in the order above), so any thread
 * count gives the same bits. It does not use {@code BlockedGemm} (which needs the Vector API):
 * without vector registers a register tile is not possible in plain Java on JDK 17 (see
 * {@link MicroKernel}).
 */
public final class FastCpuBackend implements HostArrayBackend {
    private final CpuMemory memory = new CpuMemory();
    private final WorkerPool pool;
    private final WorkerPool.Job columnsJob = this::columns;
    private Gemm current; // the call the pool's tasks work on
    private int tasks;

    /** One thread: what tests and the small reference workload use. */
    public FastCpuBackend() {
        this(1);
    }

    /**
     * A backend whose large products are shared over {@code threads} threads.
     *
     * @param threads the threads a large GEMM may use (the caller's included), {@literal >=} 1
     */
    public FastCpuBackend(int threads) {
        pool = new WorkerPool(threads);
    }

    /**
     * The threads large products run on (internal: read by the tests).
     *
     * @return the worker pool's size, the caller's thread included
     */
    public int threads() {
        return pool.threads();
    }

    /** Stops the GEMM's worker threads, then releases the arrays. */
    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            memory.close();
        }
    }

    @Override
    public CpuMemory memory() {
        return memory;
    }
    private float[][] at = new float[0][0];
    private float[][] ct = new float[0][0];

    @Override
    public String description() {
        return "CPU (Java, vectorised twin of the reference, " + CpuThreads.describe(threads()) + ")";
    }

    /** Not sped up: the reference's softmax, the same code, so the same bits. */
    @Override
    public void softmaxCrossEntropy(SoftmaxCrossEntropy s, int indexOffset) {
        memory.launched();
        CpuBackend.softmaxCrossEntropyOf(s, indexOffset);
    }

    /** Not sped up: the reference's Adam, the same code, so the same bits. */
    @Override
    public void adam(AdamUpdate u, long step) {
        memory.launched();
        CpuBackend.adamOf(u, step);
    }


    @Override
    public void gemm(Gemm g, int indexOffset) {
        memory.launched();
        int m = g.m();
        int n = g.n();
        int k = g.k();
        ensureScratch(m, n, k);
        packA(g, indexOffset);
        // Columns of C are independent sums: shared out over the pool, each in its own fixed order.
        boolean parallel = (long) m * n * k >= CpuThreads.PARALLEL_WORK;
        current = g;
        tasks = parallel ? Math.min(n, 4 * pool.threads()) : 1;
        try {
            pool.run(columnsJob, tasks);
        } finally {
            current = null;
        }
    }

    /** Columns [task * n / tasks, (task + 1) * n / tasks) of C: product, epilogue, bias gradient. */
    private void columns(int task, int worker) {
        Gemm g = current;
        int from = (int) ((long) task * g.n() / tasks);
        int to = (int) ((long) (task + 1) * g.n() / tasks);
        multiply(g, from, to);
        unpack(g, from, to);
        if (g.epilogue() instanceof Epilogue.BiasGradient bg) columnSumsOfB(g, bg.columnSums(), from, to);
    }

    private void ensureScratch(int m, int n, int k) {
        int rowLength = Math.max(m, at.length == 0 ? 0 : at[0].length);
        if (at.length < k || (at.length > 0 && at[0].length < m)) at = new float[Math.max(k, at.length)][rowLength];
        if (ct.length < n || (ct.length > 0 && ct[0].length < m)) ct = new float[Math.max(n, ct.length)][rowLength];
    }

    /** At[p][i] = opA(i, p), reading stored rows through the gather index when there is one. */
    private void packA(Gemm g, int indexOffset) {
        float[] a = data(g.a().array());
        int[] rows = g.aRows() == null ? null : data(g.aRows());
        int off = g.a().offset();
        int ld = g.a().ld();
        int storedRows = g.aStoredRows();
        int storedCols = g.aStoredCols();
        for (int r = 0; r < storedRows; r++) {
            int base = off + (rows == null ? r : rows[indexOffset + r]) * ld;
            if (g.transA()) {
                // stored row r is column r of op(A)... transposed again: At row r is stored row r.
                System.arraycopy(a, base, at[r], 0, storedCols);
            } else {
                for (int c = 0; c < storedCols; c++) at[c][r] = a[base + c];
            }
        }
    }

    /** Ct[j][0..m) = sum_p opB(p, j) * At[p][0..m), four p at a time. */
    private void multiply(Gemm g, int from, int to) {
        float[] b = data(g.b().array());
        int m = g.m();
        int k = g.k();
        int off = g.b().offset();
        int ld = g.b().ld();
        // opB(p, j) sits at off + p*ld + j, or off + j*ld + p when B is transposed.
        int strideP = g.transB() ? 1 : ld;
        int strideJ = g.transB() ? ld : 1;
        for (int j = from; j < to; j++) {
            float[] c = ct[j];
            java.util.Arrays.fill(c, 0, m, 0f);
            int bj = off + j * strideJ;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                float w0 = b[bj + p * strideP];
                float w1 = b[bj + (p + 1) * strideP];
                float w2 = b[bj + (p + 2) * strideP];
                float w3 = b[bj + (p + 3) * strideP];
                float[] a0 = at[p];
                float[] a1 = at[p + 1];
                float[] a2 = at[p + 2];
                float[] a3 = at[p + 3];
                for (int i = 0; i < m; i++) c[i] += (w0 * a0[i] + w1 * a1[i]) + (w2 * a2[i] + w3 * a3[i]);
            }
            for (; p < k; p++) {
                float w = b[bj + p * strideP];
                float[] a0 = at[p];
                for (int i = 0; i < m; i++) c[i] += w * a0[i];
            }
        }
    }

    /** C[i][j] = epilogue(Ct[j][i]). */
    private void unpack(Gemm g, int from, int to) {
        float[] c = data(g.c().array());
        int off = g.c().offset();
        int ld = g.c().ld();
        Epilogue e = g.epilogue();
        if (e instanceof Epilogue.BiasActivation ba) {
            float[] bias = data(ba.bias().array());
            for (int j = from; j < to; j++) {
                float bj = bias[ba.bias().offset() + j];
                float[] col = ct[j];
                for (int i = 0; i < g.m(); i++) c[off + i * ld + j] = ba.activation().apply(col[i] + bj);
            }
        } else if (e instanceof Epilogue.ActivationGradient ag) {
            Operand out = ag.output();
            float[] a = data(out.array());
            for (int j = from; j < to; j++) {
                float[] col = ct[j];
                for (int i = 0; i < g.m(); i++) {
                    c[off + i * ld + j] = col[i] * ag.activation().derivativeFromOutput(a[out.offset() + i * out.ld() + j]);
                }
            }
        } else {
            for (int j = from; j < to; j++) {
                float[] col = ct[j];
                for (int i = 0; i < g.m(); i++) c[off + i * ld + j] = col[i];
            }
        }
    }

    private static void columnSumsOfB(Gemm g, Operand sums, int from, int to) {
        float[] b = data(g.b().array());
        float[] out = data(sums.array());
        int strideP = g.transB() ? 1 : g.b().ld();
        int strideJ = g.transB() ? g.b().ld() : 1;
        for (int j = from; j < to; j++) {
            float s = 0f;
            for (int p = 0; p < g.k(); p++) s += b[g.b().offset() + j * strideJ + p * strideP];
            out[sums.offset() + j] = s;
        }
    }
}
