package clnn.backend.cpu;

import static clnn.backend.cpu.CpuArrays.data;

import clnn.Activation;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import java.util.function.Supplier;

/**
 * {@link VectorCpuBackend}'s GEMM for large shapes: packed panels, a register-tiled {@link MicroKernel},
 * blocks of C shared out over a {@link WorkerPool}. Used when {@link #suits} says the shape is large
 * enough to pay for the packing; small products (the reference workload's 32x25x400) keep the twin's
 * own code. It needs the Vector API (the micro-kernel and {@link TileEpilogue}), so only the Vector
 * API twin loads it; the plain twin shares its own GEMM's columns over threads instead.
 *
 * <pre>
 *   phase 1, parallel over panels:
 *     Ap[ip] = rows ip*MR .. +MR of op(A), gathered, stored p-major: Ap[ip][p][r]  (zero rows past m)
 *     Bp[jp] = columns jp*NR .. +NR of op(B), stored p-major:     Bp[jp][p][c]  (zero columns past n)
 *     (BiasGradient: db[j] = sum over p of op(B)(p, j), in order, as the B panel is packed)
 *   phase 2, parallel over blocks of C (MC x NC: MC/MR by NC/NR tiles):
 *     for each k block [p0, p0 + kc):           kc = k split evenly into blocks of <= 256
 *       for each tile (jp, ip) of the block:    B's kc x NR micro-panel stays in L1 across ip
 *         tile = C's partial sums (or 0 for the first k block) + Ap[ip][p0..] * Bp[jp][p0..]
 *         C = tile, or epilogue(tile) after the last k block
 * </pre>
 * Determinism: every element of C is summed in one fixed order (k blocks in order; within a block
 * the micro-kernel's p order), whatever thread computes its block, so any thread count gives the
 * same bits. The order differs from the reference's (a different rounding, within
 * {@code Tolerances.GEMM}).
 *
 * <p>Memory: the packed panels and per-thread tiles grow to the largest shape seen and are then
 * reused; a training step allocates nothing.
 */
final class BlockedGemm implements AutoCloseable {
    /**
     * The smallest product worth packing. Measured at the boundary (64x64x255 on the old path against
     * 64x64x256 blocked, bias+relu and bias-gradient forms): the blocked path is already 1.2-2.5x
     * faster there, so the threshold is conservative; lower ones were not explored.
     */
    static final long MIN_WORK = 1L << 20;
    /** Below this many multiply-adds one thread is faster than waking others. */
    static final long PARALLEL_WORK = CpuThreads.PARALLEL_WORK;
    /** The largest k block: B's micro-panel (256 x NR floats = 32 KB at NR = 32) then fits in L1. */
    static final int KC_MAX = 256;
    /** Rows of C per block, as micro-tiles: A's block (64 x 256 floats = 64 KB) stays in L2. */
    static final int MC = 64;
    /** Columns of C per block. */
    static final int NC = 128;

    private final MicroKernel[] kernels;
    private final float[][] tiles;
    private final int[][] rowStarts;
    private final int[][] colStarts;
    private final int mr;
    private final int nr;
    private final WorkerPool pool;
    private final WorkerPool.Job packJob = this::pack;
    private final WorkerPool.Job computeJob = this::compute;

    private float[] ap = new float[0];
    private float[] bp = new float[0];

    // The call in progress: set by run, read by the jobs (the pool's start and end order the accesses).
    private Gemm g;
    private int indexOffset;
    private int aPanels;
    private int bPanels;
    private int mBlocks;
    private int nBlocks;
    private int kc;

    /** @param kernel makes one micro-kernel per thread (kernels may hold per-thread scratch) */
    BlockedGemm(Supplier<MicroKernel> kernel, int threads) {
        pool = new WorkerPool(threads);
        kernels = new MicroKernel[threads];
        for (int t = 0; t < threads; t++) kernels[t] = kernel.get();
        mr = kernels[0].mr();
        nr = kernels[0].nr();
        tiles = new float[threads][mr * nr];
        rowStarts = new int[threads][mr];
        colStarts = new int[threads][nr];
    }

    int threads() {
        return pool.threads();
    }

    /**
     * Whether a product is large enough in every dimension for the blocked path: a thin product (n
     * or k of 10, the logits layer) would compute mostly padding.
     */
    static boolean suits(Gemm g) {
        return g.m() >= 32 && g.n() >= 32 && g.k() >= 32 && (long) g.m() * g.n() * g.k() >= MIN_WORK;
    }

    void run(Gemm call, int offset) {
        g = call;
        indexOffset = offset;
        int m = call.m();
        int n = call.n();
        int k = call.k();
        aPanels = (m + mr - 1) / mr;
        bPanels = (n + nr - 1) / nr;
        int kBlocks = (k + KC_MAX - 1) / KC_MAX;
        kc = (k + kBlocks - 1) / kBlocks;
        mBlocks = (aPanels + MC / mr - 1) / (MC / mr);
        nBlocks = (bPanels + NC / nr - 1) / (NC / nr);
        if (ap.length < aPanels * mr * k) ap = new float[aPanels * mr * k];
        if (bp.length < bPanels * nr * k) bp = new float[bPanels * nr * k];
        boolean parallel = (long) m * n * k >= PARALLEL_WORK;
        try {
            if (parallel) {
                pool.run(packJob, aPanels + bPanels);
                pool.run(computeJob, mBlocks * nBlocks);
            } else {
                for (int t = 0; t < aPanels + bPanels; t++) pack(t, 0);
                for (int t = 0; t < mBlocks * nBlocks; t++) compute(t, 0);
            }
        } finally {
            g = null;
        }
    }

    private void pack(int task, int worker) {
        if (task < aPanels) packA(task, worker);
        else packB(task - aPanels, worker);
    }

    /** Ap[ip][p][r] = op(A)(ip*MR + r, p), the stored rows read through the gather index. */
    private void packA(int ip, int worker) {
        float[] a = data(g.a().array());
        int[] rows = g.aRows() == null ? null : data(g.aRows());
        int off = g.a().offset();
        int ld = g.a().ld();
        int k = g.k();
        int m = g.m();
        int base = ip * mr * k;
        int i0 = ip * mr;
        int count = Math.min(mr, m - i0);
        if (!g.transA()) {
            // op(A)(i, p) = A[row(i)][p]: the panel's rows are read side by side, so that Ap is written
            // in order (writing it with a stride of MR, one row at a time, measured 4x slower overall).
            int[] starts = rowStarts[worker];
            for (int r = 0; r < mr; r++) {
                int i = i0 + Math.min(r, count - 1); // rows past m repeat the last one, then are zeroed
                starts[r] = off + (rows == null ? i : rows[indexOffset + i]) * ld;
            }
            for (int p = 0; p < k; p++) {
                int dst = base + p * mr;
                for (int r = 0; r < mr; r++) ap[dst + r] = a[starts[r] + p];
                for (int r = count; r < mr; r++) ap[dst + r] = 0f;
            }
        } else {
            // op(A)(i, p) = A[row(p)][i]: the panel's mr values of a step are adjacent in stored row p.
            for (int p = 0; p < k; p++) {
                int src = off + (rows == null ? p : rows[indexOffset + p]) * ld + i0;
                int dst = base + p * mr;
                System.arraycopy(a, src, ap, dst, count);
                for (int r = count; r < mr; r++) ap[dst + r] = 0f;
            }
        }
    }

    /** Bp[jp][p][c] = op(B)(p, jp*NR + c), and the panel's column sums for the bias gradient. */
    private void packB(int jp, int worker) {
        float[] b = data(g.b().array());
        int off = g.b().offset();
        int ld = g.b().ld();
        int k = g.k();
        int base = jp * nr * k;
        int j0 = jp * nr;
        int count = Math.min(nr, g.n() - j0);
        if (!g.transB()) {
            for (int p = 0; p < k; p++) {
                int dst = base + p * nr;
                System.arraycopy(b, off + p * ld + j0, bp, dst, count);
                for (int c = count; c < nr; c++) bp[dst + c] = 0f;
            }
        } else {
            // op(B)(p, j) = B[j][p]: the panel's columns are stored rows, read side by side so that Bp is
            // written in order (as for A's panels).
            int[] starts = colStarts[worker];
            for (int c = 0; c < nr; c++) starts[c] = off + (j0 + Math.min(c, count - 1)) * ld;
            for (int p = 0; p < k; p++) {
                int dst = base + p * nr;
                for (int c = 0; c < count; c++) bp[dst + c] = b[starts[c] + p];
                for (int c = count; c < nr; c++) bp[dst + c] = 0f;
            }
        }
        if (g.epilogue() instanceof Epilogue.BiasGradient bg) {
            // Every column in the reference's order (p = 0, 1, ...), so db matches it bit for bit; a row
            // of the panel at a time (the tile is free scratch during packing).
            float[] sums = tiles[worker];
            java.util.Arrays.fill(sums, 0, nr, 0f);
            for (int p = 0; p < k; p++) {
                int row = base + p * nr;
                for (int c = 0; c < nr; c++) sums[c] += bp[row + c];
            }
            System.arraycopy(sums, 0, data(bg.columnSums().array()), bg.columnSums().offset() + j0, count);
        }
    }

    /** One MC x NC block of C: every k block, every micro-tile, then the epilogue. */
    private void compute(int task, int worker) {
        MicroKernel kernel = kernels[worker];
        float[] tile = tiles[worker];
        int k = g.k();
        int ipFrom = (task / nBlocks) * (MC / mr);
        int ipTo = Math.min(aPanels, ipFrom + MC / mr);
        int jpFrom = (task % nBlocks) * (NC / nr);
        int jpTo = Math.min(bPanels, jpFrom + NC / nr);
        for (int p0 = 0; p0 < k; p0 += kc) {
            int len = Math.min(kc, k - p0);
            boolean first = p0 == 0;
            boolean last = p0 + len == k;
            for (int jp = jpFrom; jp < jpTo; jp++) {
                int bOff = jp * nr * k + p0 * nr;
                for (int ip = ipFrom; ip < ipTo; ip++) {
                    if (!first) loadTile(tile, ip, jp);
                    kernel.multiply(len, ap, ip * mr * k + p0 * mr, bp, bOff, tile, !first);
                    storeTile(tile, ip, jp, last);
                }
            }
        }
    }

    /** The partial sums of a tile, kept in C between k blocks. */
    private void loadTile(float[] tile, int ip, int jp) {
        float[] c = data(g.c().array());
        int i0 = ip * mr;
        int j0 = jp * nr;
        int rows = Math.min(mr, g.m() - i0);
        int cols = Math.min(nr, g.n() - j0);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(c, g.c().offset() + (i0 + r) * g.c().ld() + j0, tile, r * nr, cols);
        }
    }

    /** C = tile (the real rows and columns); after the last k block, the epilogue is applied. */
    private void storeTile(float[] tile, int ip, int jp, boolean last) {
        float[] c = data(g.c().array());
        int i0 = ip * mr;
        int j0 = jp * nr;
        int rows = Math.min(mr, g.m() - i0);
        int cols = Math.min(nr, g.n() - j0);
        int ldc = g.c().ld();
        int cOff = g.c().offset() + i0 * ldc + j0;
        Epilogue e = last ? g.epilogue() : Epilogue.NONE;
        if (e instanceof Epilogue.BiasActivation ba) {
            float[] bias = data(ba.bias().array());
            int bo = ba.bias().offset() + j0;
            Activation act = ba.activation();
            for (int r = 0; r < rows; r++) {
                int col = act == Activation.SIGMOID ? 0 : TileEpilogue.biasActivation(act, tile, r * nr, bias, bo,
                        c, cOff + r * ldc, cols);
                for (; col < cols; col++) c[cOff + r * ldc + col] = act.apply(tile[r * nr + col] + bias[bo + col]);
            }
        } else if (e instanceof Epilogue.ActivationGradient ag) {
            Operand out = ag.output();
            float[] o = data(out.array());
            Activation act = ag.activation();
            for (int r = 0; r < rows; r++) {
                int oo = out.offset() + (i0 + r) * out.ld() + j0;
                int col = act == Activation.SIGMOID ? 0 : TileEpilogue.activationGradient(act, tile, r * nr, o, oo,
                        c, cOff + r * ldc, cols);
                for (; col < cols; col++) {
                    c[cOff + r * ldc + col] = tile[r * nr + col] * act.derivativeFromOutput(o[oo + col]);
                }
            }
        } else {
            for (int r = 0; r < rows; r++) System.arraycopy(tile, r * nr, c, cOff + r * ldc, cols);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
