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
 * Five kernels, the same arguments (GEMM_ARGS), all correct for every shape:
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
 *   gemm_blocked 2-D register blocking (below): each work-item an MWI x NWI tile of C held in
 *                floatVWN registers, optional local-memory tiles of op(A) and op(B) (SA, SB). Its
 *                parameters are chosen per device and shape class by the tuner (GemmTuner).
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
/* gemm_blocked's parameters (a tuned configuration is one set of these; GemmConfig on the host): */
#ifndef MDIMC
#define MDIMC 8     /* work-items per work-group along m */
#endif
#ifndef NDIMC
#define NDIMC 8     /* work-items per work-group along n */
#endif
#ifndef MWI
#define MWI 4       /* rows of C per work-item: each op(B) vector loaded is used MWI times */
#endif
#ifndef NWI
#define NWI 8       /* columns of C per work-item, a multiple of VWN: each op(A) value is used NWI times */
#endif
#ifndef VWN
#define VWN 4       /* vector width along n (1, 2, 4, 8, 16): accumulators and op(B) loads are floatVWN */
#endif
#ifndef KWG
#define KWG 16      /* k per tile: the depth of the local tiles, the step between barriers (unused when SA = SB = 0) */
#endif
#ifndef SA
#define SA 1        /* 1: stage op(A) tiles in local memory (GPUs); 0: read A from global (CPU caches) */
#endif
#ifndef SB
#define SB 1        /* the same for op(B) */
#endif
#ifndef GM
#define GM 0        /* 1: consecutive work-groups walk down m, sharing a column strip of B (stays in cache); 0: along n, sharing rows of A */
#endif
#ifndef PADA
#define PADA 1      /* padding of the A tile's rows: its stores run down a column, an odd stride spreads them over the banks */
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

/*
 * gemm_blocked: CLBlast-style 2-D register blocking (written for clnn; the ideas are CLBlast's xgemm).
 *
 *   work-group: NDIMC x MDIMC work-items, computing an MWG x NWG block of C (MWG = MDIMC * MWI,
 *   NWG = NDIMC * NWI); work-item (tx, ty) owns rows ty + r * MDIMC (r < MWI) and the VWN-wide
 *   column vectors tx + c * NDIMC (c < NWI / VWN) of the block. Strided, not contiguous: neighbouring
 *   work-items then read neighbouring words of the tiles (no bank conflicts, coalesced stores).
 *
 *              NWG = NDIMC * NWI                     per k tile (KWG deep):
 *           +-------------------+                      Als[KWG][MWG + PADA]  <- op(A), stored k-major
 *   MWG     | t0 t1 .. t0 t1 .. |  <- row ty           Blv[KWG][NWG / VWN]   <- op(B), floatVWN words
 *   =       | t0 t1 .. t0 t1 .. |  <- row ty + MDIMC   acc[r][c] += Als[p][row r] * Blv[p][vector c]
 *   MDIMC*MWI                                        MWI + NWI/VWN loads per MWI * NWI/VWN vector FMAs
 *
 * SA / SB choose per operand between a local tile loaded by the whole work-group (GPUs: each global
 * element read once per block) and direct global reads (CPU devices: the caches do that job, and
 * without barriers PoCL runs the work-items as plain loops). Edges: tile loads outside op(A) or
 * op(B) store zeros; direct reads clamp the row (the output is dropped) and drop lanes past n; the
 * store writes only elements inside C. The transpose form is fixed at build time (TA, TB below,
 * one program per form: no transpose test inside the loop); the gather and the epilogues are
 * fused in every form. NN and TN (dW = A^T dZ) read op(B) as floatVWN vectors; TN reads op(A) down
 * a stored row of A (through the gather, looked up once per p); NT (dA = dZ W^T) reads each lane of
 * op(B) down its own stored row of B (row offsets clamped and hoisted out of the loop). The bias
 * gradient (COLSUM) is summed in floatVWN vectors by the first row block's work-items.
 *
 * Direct reads (SA = SB = 0, CPU devices) run one loop over all of k (KWG unused) whose every step is
 * fully unrolled and branch-free (BLOCKED_STEP), so the compiler keeps the MWI x NWI/VWN accumulators
 * in vector registers: on PoCL (AVX-512) a step of 8 x 2 float16 is 2 vector loads, 8 vbroadcastss
 * from memory and 16 vfmadd231ps on zmm registers. The test whether the work-item's block is whole
 * (no lane past n; in TN no row past m) is made once, outside the loop; the ragged blocks take a
 * second loop with the clamped, lane-checked reads. NT, direct: op(B)'s columns are rows of B, so
 * instead of assembling op(B) vectors lane by lane it computes DOT_R x DOT_C sub-tiles as dot
 * products with floatVWN partial sums along k (both operands read as vectors), summed across lanes
 * at the end; the last k % VWN steps are scalar. Below k = 2 VWN it assembles op(B) lane by lane.
 */
#ifndef TA
#define TA 0        /* the form gemm_blocked is built for: trans_a (host: -DTA, the call's trans_a) */
#endif
#ifndef TB
#define TB 0        /* trans_b; a call of another form gets NaN (the host builds one program per form) */
#endif
#define MWG (MDIMC * MWI)
#define NWG (NDIMC * NWI)
#define NVW (NWI / VWN)
#define WGS (MDIMC * NDIMC)
#define floatVWN CONCAT(float, VWN)
#define vloadVWN CONCAT(vload, VWN)
#define vstoreVWN CONCAT(vstore, VWN)
#if NWI % VWN != 0
#error "gemm_blocked: NWI must be a multiple of VWN"
#endif

/* a * b + c as one expression, for the direct-read (CPU) path: OpenCL C contracts it (llvm.fmuladd),
 * so a device with fused multiply-add runs one FMA instruction and one without a multiply and an add.
 * PoCL 3.1 compiles mad() as a separate vmulps and vaddps even where the CPU has FMA (half the rate);
 * the local-tile (GPU) path keeps mad(), which GPU compilers map to their FMA. */
#define MADD(a, b, c) ((a) * (b) + (c))

/* One step p of the register tile: MWI values of op(A) (A_AT(r)), NVW vectors of op(B) (B_AT(q)), MWI
 * x NVW vector multiply-adds into acc. Fully unrolled, so that acc, av and bv are registers. */
#define BLOCKED_STEP(A_AT, B_AT)                                                               \
    {                                                                                          \
        float av[MWI];                                                                         \
        floatVWN bv[NVW];                                                                      \
        _Pragma("unroll") for (int r = 0; r < MWI; r++) av[r] = A_AT(r);                       \
        _Pragma("unroll") for (int q = 0; q < NVW; q++) bv[q] = B_AT(q);                       \
        _Pragma("unroll") for (int r = 0; r < MWI; r++)                                        \
            _Pragma("unroll") for (int q = 0; q < NVW; q++)                                    \
                acc[r][q] = MADD((floatVWN)(av[r]), bv[q], acc[r][q]);                         \
    }

/* VWN floats of op(B) row p from column j (lanes past n are 0, or whatever follows; the caller drops them). */
inline floatVWN load_b_vwn(global const float* b, const int b_off, const int ldb, const int trans_b, const int n,
                           const int b_len, const int p, const int j) {
    if (!trans_b) {
        const int at = b_off + p * ldb + j;
        if (at + VWN <= b_len) return vloadVWN(0, b + at);
    }
    float lanes[VWN];
    for (int l = 0; l < VWN; l++) lanes[l] = j + l < n ? load_b(b, b_off, ldb, trans_b, p, j + l) : 0.0f;
    return vloadVWN(0, lanes);
}

/* The NT form's dot-product sub-tile (direct reads): DOT_R rows x DOT_C columns, MWI % DOT_R == 0, NWI % DOT_C == 0. */
#if MWI % 4 == 0
#define DOT_R 4
#elif MWI % 3 == 0
#define DOT_R 3
#elif MWI % 2 == 0
#define DOT_R 2
#else
#define DOT_R 1
#endif
#if NWI % 4 == 0
#define DOT_C 4
#elif NWI % 2 == 0
#define DOT_C 2
#else
#define DOT_C 1
#endif

/* The sum of the lanes of v. */
inline float hsum_vwn(const floatVWN v) {
#if VWN == 16
    const float8 h8 = v.lo + v.hi;
    const float4 h4 = h8.lo + h8.hi;
    const float2 h2 = h4.lo + h4.hi;
    return h2.lo + h2.hi;
#elif VWN == 8
    const float4 h4 = v.lo + v.hi;
    const float2 h2 = h4.lo + h4.hi;
    return h2.lo + h2.hi;
#elif VWN == 4
    const float2 h2 = v.lo + v.hi;
    return h2.lo + h2.hi;
#elif VWN == 2
    return v.lo + v.hi;
#else
    return v;
#endif
}

/* op(B) row p, columns j..j+VWN-1, when B is stored transposed (TB): lane l is B[bl[l] + p], bl[l] the
 * offset of stored row min(j + l, n - 1) (the clamped lanes are dropped by the caller). */
inline floatVWN load_bt_vwn(global const float* b, const int* bl, const int p) {
    float lanes[VWN];
    for (int l = 0; l < VWN; l++) lanes[l] = b[bl[l] + p];
    return vloadVWN(0, lanes);
}

kernel __attribute__((reqd_work_group_size(NDIMC, MDIMC, 1)))
void gemm_blocked(GEMM_ARGS) {
    const int tx = get_local_id(0);
    const int ty = get_local_id(1);
#if GM
    /* The same grid, its groups numbered the other way: group g (x fastest) takes row block
     * g % (row blocks) of column block g / (row blocks). */
    const int g = get_group_id(0) + get_group_id(1) * get_num_groups(0);
    const int col0 = (g / get_num_groups(1)) * NWG;
    const int row0 = (g % get_num_groups(1)) * MWG;
#else
    const int col0 = get_group_id(0) * NWG;
    const int row0 = get_group_id(1) * MWG;
#endif
#if SA
    local float Als[KWG][MWG + PADA];
#elif !TA
    /* Where row r of this work-item starts in A (not transposed): rows past m are clamped to m - 1,
     * their outputs are dropped; the gather is looked up once here instead of once per product. */
    int a_row[MWI];
    for (int r = 0; r < MWI; r++) {
        const int i = min(row0 + ty + r * MDIMC, m - 1);
        a_row[r] = a_off + (gather ? rows[idx_off + i] : i) * lda;
    }
#else
    /* A transposed: op(A)(i, p) = A[p][i]; the column of row r (clamped like above), the stored row
     * (gathered) per p. */
    int a_col[MWI];
    for (int r = 0; r < MWI; r++) a_col[r] = a_off + min(row0 + ty + r * MDIMC, m - 1);
#endif
#if SB
    local floatVWN Blv[KWG][NWG / VWN];      /* a row of the tile is read as vectors: no padding needed */
#elif TB
    /* B transposed: the stored row of every lane of this work-item's columns (clamped to n - 1). */
    int b_lane[NWI];
    for (int q = 0; q < NVW; q++)
        for (int l = 0; l < VWN; l++)
            b_lane[q * VWN + l] = b_off + min(col0 + (tx + q * NDIMC) * VWN + l, n - 1) * ldb;
#endif
#if SA || SB
    const int lid = ty * NDIMC + tx;
#endif
    floatVWN acc[MWI][NVW];
    #pragma unroll
    for (int r = 0; r < MWI; r++)
        #pragma unroll
        for (int q = 0; q < NVW; q++) acc[r][q] = (floatVWN)(0.0f);

#if !SA && !SB
    /* Direct reads (CPU devices): one loop over all of k, each step branch-free, so the compiler keeps
     * the MWI x NVW accumulators in vector registers (PoCL: FMAs on zmm registers, op(A) broadcast
     * from memory). */
#if !TA
    global const float* a_ptr[MWI];
    #pragma unroll
    for (int r = 0; r < MWI; r++) a_ptr[r] = a + a_row[r];
#define A_AT(r) a_ptr[r][p]
#define A_ROW(p)
    const int rows_whole = 1;
#else
    /* A transposed: op(A)(i..., p) lies along stored row p (gathered). When all MWI rows of the tile
     * are inside m they sit at fixed distances r * MDIMC from the first: broadcasts straight from
     * memory, no address arithmetic per value. */
    const int rows_whole = row0 + ty + (MWI - 1) * MDIMC < m;
#define A_ROW(p) global const float* a_p = a + (gather ? rows[idx_off + (p)] : (p)) * lda;
#define A_AT(r) (rows_whole ? a_p[a_col[0] + (r) * MDIMC] : a_p[a_col[r]])
#endif
#if TB && !TA
    /* NT (dA = dZ W^T): op(B)(p, j) = B[j][p], so both operands are contiguous along k, and a
     * column of op(B) is a row of B. Building floatVWN vectors along n would take VWN scalar loads
     * each; instead each DOT_R x DOT_C sub-tile of the work-item's outputs is a set of dot products with
     * floatVWN partial sums along k (DOT_R + DOT_C vector loads per DOT_R * DOT_C vector multiply-adds), reduced
     * across lanes at the end; the last k % VWN steps are scalar. Rows and columns past the edges
     * are clamped (a_row, b_lane), so every load stays inside a stored row. Short k: lane by lane. */
    if (k >= 2 * VWN) {
    float res[MWI][NWI];
    for (int sr = 0; sr < MWI; sr += DOT_R) {
        for (int sc = 0; sc < NWI; sc += DOT_C) {
            floatVWN d[DOT_R][DOT_C];
            #pragma unroll
            for (int r = 0; r < DOT_R; r++)
                #pragma unroll
                for (int c = 0; c < DOT_C; c++) d[r][c] = (floatVWN)(0.0f);
            int p = 0;
            for (; p + VWN <= k; p += VWN) {
                floatVWN av[DOT_R];
                floatVWN bv[DOT_C];
                #pragma unroll
                for (int r = 0; r < DOT_R; r++) av[r] = vloadVWN(0, a + a_row[sr + r] + p);
                #pragma unroll
                for (int c = 0; c < DOT_C; c++) bv[c] = vloadVWN(0, b + b_lane[sc + c] + p);
                #pragma unroll
                for (int r = 0; r < DOT_R; r++)
                    #pragma unroll
                    for (int c = 0; c < DOT_C; c++) d[r][c] = MADD(av[r], bv[c], d[r][c]);
            }
            float s[DOT_R][DOT_C];
            #pragma unroll
            for (int r = 0; r < DOT_R; r++)
                #pragma unroll
                for (int c = 0; c < DOT_C; c++) s[r][c] = hsum_vwn(d[r][c]);
            for (; p < k; p++) {
                #pragma unroll
                for (int r = 0; r < DOT_R; r++)
                    #pragma unroll
                    for (int c = 0; c < DOT_C; c++) s[r][c] = MADD(a[a_row[sr + r] + p], b[b_lane[sc + c] + p], s[r][c]);
            }
            #pragma unroll
            for (int r = 0; r < DOT_R; r++)
                #pragma unroll
                for (int c = 0; c < DOT_C; c++) res[sr + r][sc + c] = s[r][c];
        }
    }
    #pragma unroll
    for (int r = 0; r < MWI; r++)
        #pragma unroll
        for (int q = 0; q < NVW; q++) acc[r][q] = vloadVWN(q, res[r]);
    } else {
        /* Short k (the dA of a narrow layer): too few steps to pay for the sums across lanes;
         * op(B) vectors lane by lane, as with local tiles. */
#define B_AT(q) load_bt_vwn(b, b_lane + (q) * VWN, p)
        for (int p = 0; p < k; p++) BLOCKED_STEP(A_AT, B_AT)
    }
#elif TB
#define B_AT(q) load_bt_vwn(b, b_lane + (q) * VWN, p)
    for (int p = 0; p < k; p++) {
        A_ROW(p)
        BLOCKED_STEP(A_AT, B_AT)
    }
#else
    /* Whole when this work-item's last vector ends inside row p of op(B): then every vector load
     * stays inside the row (j + VWN <= n <= ldb) and needs no bounds test. Two loops, so that
     * the test is not inside one. */
    if (rows_whole && col0 + (tx + (NVW - 1) * NDIMC) * VWN + VWN <= n) {
        global const float* b_ptr = b + b_off + col0 + tx * VWN;
#define B_AT(q) vloadVWN(0, b_ptr + (q) * NDIMC * VWN)
        for (int p = 0; p < k; p++, b_ptr += ldb) {
            A_ROW(p)
            BLOCKED_STEP(A_AT, B_AT)
        }
#undef B_AT
    } else {
#define B_AT(q) load_b_vwn(b, b_off, ldb, 0, n, b_len, p, col0 + (tx + (q) * NDIMC) * VWN)
        for (int p = 0; p < k; p++) {
            A_ROW(p)
            BLOCKED_STEP(A_AT, B_AT)
        }
    }
#endif
#undef A_AT
#undef B_AT
#undef A_ROW
#else
    for (int t = 0; t < k; t += KWG) {
#if SA
        /* Consecutive work-items take consecutive p: coalesced reads of A's rows when A is not transposed. */
        /* (TA: consecutive work-items take consecutive i, along a stored row of A.) */
        for (int e = lid; e < KWG * MWG; e += WGS) {
            const int i = TA ? e % MWG : e / KWG;
            const int p = TA ? e / MWG : e % KWG;
            Als[p][i] = (row0 + i < m && t + p < k)
                    ? load_a(a, a_off, lda, TA, rows, idx_off, gather, row0 + i, t + p) : 0.0f;
        }
#endif
#if SB
        for (int e = lid; e < KWG * (NWG / VWN); e += WGS) {
            const int p = e / (NWG / VWN);
            const int v = e % (NWG / VWN);
            Blv[p][v] = t + p < k ? load_b_vwn(b, b_off, ldb, TB, n, b_len, t + p, col0 + v * VWN)
                                  : (floatVWN)(0.0f);
        }
#endif
#if SA || SB
        barrier(CLK_LOCAL_MEM_FENCE);
#endif
#if SA && SB
        /* Both tiles are zero-padded: a fixed trip count the compiler can unroll. */
        const int depth = KWG;
#else
        const int depth = min(KWG, k - t);
#endif
        for (int p = 0; p < depth; p++) {
            float av[MWI];
            floatVWN bv[NVW];
#if !SA && TA
            const int a_prow = (gather ? rows[idx_off + t + p] : t + p) * lda;
#endif
            for (int r = 0; r < MWI; r++) {
#if SA
                av[r] = Als[p][ty + r * MDIMC];
#elif TA
                av[r] = a[a_prow + a_col[r]];
#else
                av[r] = a[a_row[r] + t + p];
#endif
            }
            for (int q = 0; q < NVW; q++) {
#if SB
                bv[q] = Blv[p][tx + q * NDIMC];
#elif TB
                bv[q] = load_bt_vwn(b, b_lane + q * VWN, t + p);
#else
                bv[q] = load_b_vwn(b, b_off, ldb, 0, n, b_len, t + p, col0 + (tx + q * NDIMC) * VWN);
#endif
            }
            for (int r = 0; r < MWI; r++)
                for (int q = 0; q < NVW; q++) acc[r][q] = mad((floatVWN)(av[r]), bv[q], acc[r][q]);
        }
#if SA || SB
        barrier(CLK_LOCAL_MEM_FENCE);
#endif
    }
#endif

    if (trans_a != TA || trans_b != TB) {
        /* Built for another form: say so in the output instead of returning a wrong product. */
        for (int r = 0; r < MWI; r++)
            for (int q = 0; q < NVW; q++) acc[r][q] = (floatVWN)(NAN);
    }
    #pragma unroll
    for (int r = 0; r < MWI; r++) {
        const int i = row0 + ty + r * MDIMC;
        if (i >= m) break;
        #pragma unroll
        for (int q = 0; q < NVW; q++) {
            const int j = col0 + (tx + q * NDIMC) * VWN;
            if (epilogue == EPI_NONE && j + VWN <= n) {
                vstoreVWN(acc[r][q], 0, c + c_off + i * ldc + j);
            } else {
                float out[VWN];
                vstoreVWN(acc[r][q], 0, out);
                for (int l = 0; l < VWN && j + l < n; l++) EPILOGUE(i, j + l, out[l]);
            }
        }
    }
    if (epilogue == EPI_BIAS_GRAD && row0 == 0 && ty == 0) {
        /* The bias gradient extra[j] = sum_p op(B)(p, j) of this work-item's columns (store_colsum's
         * sum; in floatVWN vectors when B is not transposed). */
        for (int q = 0; q < NVW; q++) {
            const int j = col0 + (tx + q * NDIMC) * VWN;
#if TB
            for (int l = 0; l < VWN && j + l < n; l++) COLSUM(j + l);
#else
            floatVWN s = (floatVWN)(0.0f);
            for (int p = 0; p < k; p++) s += load_b_vwn(b, b_off, ldb, 0, n, b_len, p, j);
            float out[VWN];
            vstoreVWN(s, 0, out);
            for (int l = 0; l < VWN && j + l < n; l++) extra[e_off + j + l] = out[l];
#endif
        }
    }
}
