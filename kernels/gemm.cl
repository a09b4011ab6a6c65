/*
 * gemm.cl -- C = op(A) op(B) with a fused epilogue, for dense layers.
 *
 *   C (m x n) = op(A) (m x k) . op(B) (k x n),  op = identity or transpose (trans_a, trans_b)
 *
 * Layout: every matrix is row-major inside a float buffer: element (r, c) of a stored matrix X is
 * X[x_off + r * ldx + c]. The stored A has m rows (k when transposed), the stored B k rows (n).
 *
 * Row gather (gather = 1): row r of the stored A is physical row rows[idx_off + r]. This reads a
 * batch of the device-resident data set through the epoch's permutation without copying it.
 *
 * Epilogues (epilogue, act, extra):
 *   EPI_NONE        C = acc
 *   EPI_BIAS_ACT    C = act(acc + extra[e_off + j])                       forward pass
 *   EPI_ACT_GRAD    C = acc * act'(extra[e_off + i * e_ld + j])           backward through act,
 *                                                                         extra = the layer's outputs
 *   EPI_BIAS_GRAD   C = acc, and extra[e_off + j] = sum_p op(B)(p, j)     dW with db = colsum(dZ)
 * Activations (act): ACT_RELU, ACT_LINEAR, ACT_SIGMOID (activations.cl, built in front of this
 * file); derivatives are taken from the output a = f(z). The values of these codes come from the
 * host as -D options (KernelContract: the Epilogue kinds and the Activation enum), not from here.
 *
 * Four kernels, the same arguments (GEMM_ARGS), all correct for every shape:
 *   gemm_simple  one output per work-item, a plain loop over k. For small or odd shapes on GPUs.
 *   gemm_tiled   TS x TS tiles of A and B staged in local memory; each work-item computes WPT
 *                outputs of one column (register blocking along m). Work-group TS x (TS / WPT).
 *                The host picks it on GPUs when m, n and k are all >= TS; edges are zero-padded.
 *   gemm_rowvec  each work-item computes VW consecutive outputs of one row in a floatVW vector:
 *                acc += op(A)(i, p) * op(B)(p, j..j+VW), a vector load of a row of B when B is not
 *                transposed and the block is whole. For CPU devices (PoCL), whose compilers turn one
 *                floatVW operation into one SIMD instruction; the host picks it there.
 *   gemm_colvec  the same along m for op(A) = A^T (weight gradients): VW outputs of one column,
 *                a vector load of a stored row of A per step. CPU devices, trans_a only.
 *
 *          k ->                      n ->                  tile loop over k, step TS:
 *        +----+----+           +----+----+----+             As[TS][TS] <- op(A) rows of this tile
 *   m    | As |    |    x   k  | Bs |    |    |             Bs[TS][TS] <- op(B) columns of this tile
 *   |    +----+----+        |  +----+----+----+             acc[w] += As[ty + w*RTS][p] * Bs[p][tx]
 *   v    |    |    |        v  |    |    |    |
 *
 * a_len, b_len: the lengths of the A and B buffers, so vector loads never run past their ends.
 *
 * Tuning parameters (set by the host with -D; defaults work on any OpenCL 1.2 device):
 */
#ifndef TS
#define TS 16   /* tile edge; local memory 2 * TS * (TS + 1) floats */
#endif
#ifndef WPT
#define WPT 4   /* outputs per work-item along m; TS % WPT == 0 */
#endif
#define RTS (TS / WPT) /* work-items per tile column */
#ifndef VW
#define VW 16   /* gemm_rowvec's vector width: 16 floats = one AVX-512 register; 2, 4, 8 or 16 */
#endif
#define CONCAT2(a, b) a##b
#define CONCAT(a, b) CONCAT2(a, b)
#define floatVW CONCAT(float, VW)
#define vloadVW CONCAT(vload, VW)
#define vstoreVW CONCAT(vstore, VW)

/* The arguments every GEMM kernel takes, in this order (GemmLauncher.Arg names them in the same
 * order; KernelContractTest checks that the two agree). */
#define GEMM_ARGS                                                                          \
    const int m, const int n, const int k, const int trans_a, const int trans_b,          \
    global const float* a, const int a_off, const int lda,                                \
    global const int* rows, const int gather, const int idx_off,                          \
    global const float* b, const int b_off, const int ldb,                                \
    global float* c, const int c_off, const int ldc,                                      \
    const int epilogue, const int act, global float* extra, const int e_off, const int e_ld, \
    const int a_len, const int b_len

#if !defined(EPI_NONE) || !defined(EPI_BIAS_ACT) || !defined(EPI_ACT_GRAD) || !defined(EPI_BIAS_GRAD)
#error "gemm.cl needs -DEPI_NONE=.. -DEPI_BIAS_ACT=.. -DEPI_ACT_GRAD=.. -DEPI_BIAS_GRAD=.. (KernelContract.DEFINES in clnn.backend.opencl)"
#endif

/* op(A)(i, p), through the gather when there is one. */
inline float load_a(global const float* a, const int a_off, const int lda, const int trans_a,
                    global const int* rows, const int idx_off, const int gather, const int i, const int p) {
    const int stored_row = trans_a ? p : i;
    const int stored_col = trans_a ? i : p;
    const int physical = gather ? rows[idx_off + stored_row] : stored_row;
    return a[a_off + physical * lda + stored_col];
}

/* op(B)(p, j). */
inline float load_b(global const float* b, const int b_off, const int ldb, const int trans_b, const int p,
                    const int j) {
    return trans_b ? b[b_off + j * ldb + p] : b[b_off + p * ldb + j];
}

/*
 * VW floats of x from x[at]: one vector load, unless it would pass the end of the buffer (len
 * floats); then lane by lane, lanes from `valid` on set to 0. In the ragged last block of a row the
 * vector load reads lanes past the matrix's edge (the next row, or whatever follows in the buffer);
 * the caller drops them.
 */
inline floatVW load_vw(global const float* x, const int at, const int len, const int valid) {
    if (at + VW <= len) return vloadVW(0, x + at);
    float lanes[VW];
    for (int l = 0; l < VW; l++) lanes[l] = l < valid ? x[at + l] : 0.0f;
    return vloadVW(0, lanes);
}

/* The epilogue of output (i, j): C = acc, act(acc + bias[j]) or acc * act'(out[i][j]). */
inline void store_c(global float* c, const int c_off, const int ldc, const int epilogue, const int act,
                    global const float* extra, const int e_off, const int e_ld, const int i, const int j,
                    const float acc) {
    float v = acc;
    if (epilogue == EPI_BIAS_ACT) v = activate(act, acc + extra[e_off + j]);
    else if (epilogue == EPI_ACT_GRAD) v = acc * derivative_from_output(act, extra[e_off + i * e_ld + j]);
    c[c_off + i * ldc + j] = v;
}

/* EPI_BIAS_GRAD's second output: extra[e_off + j] = sum_p op(B)(p, j), the bias gradient of column j. */
inline void store_colsum(global const float* b, const int b_off, const int ldb, const int trans_b, const int k,
                         global float* extra, const int e_off, const int j) {
    float s = 0.0f;
    for (int p = 0; p < k; p++) s += load_b(b, b_off, ldb, trans_b, p, j);
    extra[e_off + j] = s;
}

/* The two epilogue steps inside a kernel taking GEMM_ARGS (they use its arguments by name). */
#define EPILOGUE(i, j, acc) store_c(c, c_off, ldc, epilogue, act, extra, e_off, e_ld, (i), (j), (acc))
#define COLSUM(j) store_colsum(b, b_off, ldb, trans_b, k, extra, e_off, (j))

kernel void gemm_simple(GEMM_ARGS) {
    const int j = get_global_id(0);
    const int i = get_global_id(1);
    if (i >= m || j >= n) return;
    float acc = 0.0f;
    for (int p = 0; p < k; p++) {
        acc += load_a(a, a_off, lda, trans_a, rows, idx_off, gather, i, p) * load_b(b, b_off, ldb, trans_b, p, j);
    }
    EPILOGUE(i, j, acc);
    if (epilogue == EPI_BIAS_GRAD && i == 0) COLSUM(j);
}

kernel __attribute__((reqd_work_group_size(TS, RTS, 1)))
void gemm_tiled(GEMM_ARGS) {
    const int tx = get_local_id(0);          /* column within the tile */
    const int ty = get_local_id(1);          /* this work-item owns rows ty, ty + RTS, ... */
    const int col = get_group_id(0) * TS + tx;
    const int row0 = get_group_id(1) * TS;
    local float As[TS][TS + 1];              /* +1: no bank conflicts on column reads */
    local float Bs[TS][TS + 1];
    float acc[WPT];
    for (int w = 0; w < WPT; w++) acc[w] = 0.0f;
    float colsum = 0.0f;
    const int sums = epilogue == EPI_BIAS_GRAD && get_group_id(1) == 0 && ty == 0;

    for (int t = 0; t < k; t += TS) {
        for (int w = 0; w < WPT; w++) {
            const int r = ty + w * RTS;
            const int ai = row0 + r;
            const int ap = t + tx;
            As[r][tx] = (ai < m && ap < k) ? load_a(a, a_off, lda, trans_a, rows, idx_off, gather, ai, ap) : 0.0f;
            const int bp = t + r;
            Bs[r][tx] = (bp < k && col < n) ? load_b(b, b_off, ldb, trans_b, bp, col) : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int p = 0; p < TS; p++) {
            const float bv = Bs[p][tx];
            for (int w = 0; w < WPT; w++) acc[w] += As[ty + w * RTS][p] * bv;
        }
        if (sums) {
            for (int p = 0; p < TS; p++) colsum += Bs[p][tx];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (col >= n) return;
    for (int w = 0; w < WPT; w++) {
        const int i = row0 + ty + w * RTS;
        if (i < m) EPILOGUE(i, col, acc[w]);
    }
    if (sums) extra[e_off + col] = colsum;
}

kernel void gemm_rowvec(GEMM_ARGS) {
    const int j0 = get_global_id(0) * VW;    /* first of this work-item's VW columns */
    const int i = get_global_id(1);
    if (i >= m || j0 >= n) return;
    float out[VW];
    if (!trans_b) {
        /* A vector load of VW floats of a row of B per step (load_vw); in the ragged last block
         * the lanes past column n are loaded and dropped. */
        floatVW acc = (floatVW)(0.0f);
        for (int p = 0; p < k; p++) {
            const floatVW bv = load_vw(b, b_off + p * ldb + j0, b_len, n - j0);
            acc += load_a(a, a_off, lda, trans_a, rows, idx_off, gather, i, p) * bv;
        }
        vstoreVW(acc, 0, out);
    } else {
        /* B transposed: one plain dot product per column of the block. */
        for (int l = 0; l < VW && j0 + l < n; l++) {
            float s = 0.0f;
            for (int p = 0; p < k; p++) {
                s += load_a(a, a_off, lda, trans_a, rows, idx_off, gather, i, p) * load_b(b, b_off, ldb, trans_b, p, j0 + l);
            }
            out[l] = s;
        }
    }
    for (int l = 0; l < VW && j0 + l < n; l++) EPILOGUE(i, j0 + l, out[l]);
    if (epilogue == EPI_BIAS_GRAD && i == 0) {
        for (int l = 0; l < VW && j0 + l < n; l++) COLSUM(j0 + l);
    }
}

/*
 * gemm_colvec: the transposed twin of gemm_rowvec for op(A) = A^T (the weight gradient
 * dW = A^T dZ): each work-item computes VW consecutive outputs of one column,
 *   acc(i..i+VW) += A(p, i..i+VW) * op(B)(p, j),
 * a vector load of a stored row of A (gathered when the call gathers) per p. Requires trans_a.
 */
kernel void gemm_colvec(GEMM_ARGS) {
    const int j = get_global_id(0);
    const int i0 = get_global_id(1) * VW;    /* first of this work-item's VW rows */
    if (j >= n || i0 >= m) return;
    float out[VW];
    floatVW acc = (floatVW)(0.0f);
    for (int p = 0; p < k; p++) {
        /* As in gemm_rowvec: lanes past row m of op(A) are read from whatever follows and dropped. */
        const floatVW av = load_vw(a, a_off + (gather ? rows[idx_off + p] : p) * lda + i0, a_len, m - i0);
        acc += av * load_b(b, b_off, ldb, trans_b, p, j);
    }
    vstoreVW(acc, 0, out);
    for (int l = 0; l < VW && i0 + l < m; l++) EPILOGUE(i0 + l, j, out[l]);
    if (epilogue == EPI_BIAS_GRAD && i0 == 0) COLSUM(j);
}
