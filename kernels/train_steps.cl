/*
 * train_steps.cl -- whole training steps in one launch of one work-group: for each of `count` steps,
 * gather the batch through the epoch's permutation, every layer's forward pass, the softmax
 * cross-entropy with its gradient and metrics, every layer's backward pass, and one Adam update of
 * every parameter (built after activations.cl). The program is specialised per network: widths,
 * activations, batch and the parameter layout arrive as -D options, so every loop bound is a constant.
 *
 * ---- Numbers first: one step of the reference network (400-25-15-10, relu, relu, linear; batch 32) ----
 *   forward   32 x (400*25 + 25*15 + 15*10)  = 336,800 multiply-adds
 *   dW, db    the same                       = 336,800 (+ 1,600 adds for db)
 *   dZ_2,dZ_1 32 x (15*10 + 25*15)           =  16,800
 *   total 690,400 multiply-adds = 1.38 MFLOP, + Adam 10,575 parameters x ~12 FLOP (sqrt, div) = 0.13 MFLOP,
 *   + softmax 640 exp, 32 log: about 1.51 MFLOP a step.
 *   Bytes a step must move: the batch's rows of X, 32 x 400 x 4 = 51 KB (read by the forward and again by dW);
 *   Adam reads w, m, v and writes them: 6 x 42.3 KB = 254 KB (the forward's and dZ's reads of W are re-reads);
 *   index and labels 256 B. About 305 KB, of which the 127 KB of parameters and moments stay in L1/L2 from
 *   step to step. Activations and deltas: 32 x (25+15+10+25+15) x 4 B = 10 KB (+ padding), in local memory.
 *   Floors, one work-group = one compute unit:
 *     H200 SM: 128 FP32 lanes x 2 x 1.98 GHz = 507 GFLOP/s -> 1.51 MFLOP = 3.0 us; the 305 KB from
 *       L1/L2 at ~128 B/clk (250 GB/s) = 1.2 us, overlappable; 21k sqrt/div on the SFUs (16/clk) = 0.7 us;
 *       ~3-4 us/step plus 7 barriers (today: 4 launches, 42-47 us/step).
 *     PoCL, one work-group runs on one core of the 2 (AVX-512, 2.3 GHz, 2 FMA ports):
 *       2 x 16 x 2 x 2.3 GHz = 147 GFLOP/s -> 10 us; Adam's 10,575 sqrt + div share one divider:
 *       661 float16 chunks x ~22 cycles = 6 us; 305 KB from L1/L2 at ~64 B/clk = 2 us: ~16 us/step,
 *       0.1 s for the 6,280 steps of 40 epochs (per-op path today: 1.5-2.0 s, 4 launches of ~15-20 us a step).
 *   Measured on PoCL (2 vCPUs, median of 3, FusionBench): 36-40 us/step, 40 epochs in 0.23-0.25 s; of a
 *   step, layer 1's forward ~8 us, its dW + Adam ~17 us (Adam over every layer ~14: rows of 25 units are a
 *   float16 and a 9-lane chunk), the rest ~8 us. The GPU form is not measured yet (bench/gpu/check.sh PARTS=fused).
 *
 * ---- One step ----
 *   rows = min(B, data_rows - step * B)       (the last step of an epoch may be partial)
 *   forward  l = 1..L:  A_l = act_l(A_{l-1} W_l + b_l)                    A_0 = X[index[step*B + r]]
 *   loss:               D_L = (softmax(A_L) - onehot(y)) / rows, written over A_L; per-row loss and hit
 *   backward l = L..2:  D_{l-1} = (D_l W_l^T) * act'_{l-1}(A_{l-1})        (old W: before any update)
 *   update   l = 1..L:  g = A_{l-1}^T D_l (dW), colsum(D_l) (db), and at once Keras's Adam on W_l, b_l:
 *                       m += (g - m)(1 - beta1);  v += (g^2 - v)(1 - beta2);  w -= alpha m / (sqrt(v) + eps)
 *   with alpha = alphas[alpha_off + s], the host's Adam.alpha(t) for t = adamStepBefore + s + 1, so the
 *   bias correction is the reference's to the bit. The gradient never goes to memory.
 *   Work-item 0 sums the per-row losses and hits in row order, as SoftmaxCrossEntropy does, and keeps
 *   the four metrics (LOSS_SUM, CORRECT, ROWS, FIRST_NONFINITE) in registers until the launch ends.
 *   Phases are separated by barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE): one work-group owns
 *   the parameters, so the barrier also orders one step's Adam writes before the next step's reads.
 *   2L + 1 barriers a step (7 for the reference network).
 *
 * ---- Layout ----
 *   x: data_rows x N0 row-major; labels, index: data_rows ints; params, m, v: P_COUNT floats, layer l's
 *   W (N_{l-1} x N_l, row-major) at WOFF_l and b at BOFF_l. Scratch (local memory when SCRATCH_LOCAL,
 *   else the global buffer `scratch`, one per prepared call): A_l at AOFF_l and D_l at DOFF_l
 *   (D_L = A_L), each BP x LD_l with LD_l = N_l rounded up to VW and BP = B rounded up to RT; rows past
 *   `rows` and columns past N_l are kept zero, so they add exact zeros to every sum.
 *
 * ---- Work decomposition (tunables, host-chosen per device kind: TrainStepsLauncher.Tuning) ----
 *   WG  work-items in the one work-group (GPUs: 256; CPU devices: 1: PoCL runs a work-group on one core,
 *       and one work-item with explicit vectors measured fastest: 1 ~36, 2 ~36, 4 ~40, 16 ~55 us/step)
 *   VW  vector width along a layer's units: 1 on GPUs (work-items give the parallelism), 16 on CPU
 *       devices (one float16 op is one AVX-512 instruction in PoCL; float8 measured ~10% slower)
 *   RT  rows of the batch per tile in the forward and dZ products (GPU 2, CPU 8)
 *   CT  chunks of VW units per tile in the forward and dW products (GPU 1, CPU 2): per input, CT loads of W
 *       and RT of X or A feed RT x CT multiply-adds
 *   KT  rows of W per tile in the dW + Adam phase (GPU 2, CPU 4): per batch row, CT loads of D and KT of A
 *   A tile is strided over the work-items (t = lid, lid + WG, ...); consecutive work-items take
 *   consecutive columns, so on a GPU a warp's loads of W are consecutive and its loads of A or X the same word.
 *   Built with -cl-denorms-are-zero: Adam's moments of dead units decay through the denormal range, which x86
 *   runs in microcode (a PoCL step grew from 60 to 150 us within 12 epochs without it).
 *
 * Arguments: TrainStepsLauncher.Arg names them in this order (KernelContractTest checks the two agree).
 */

/* Not a tuning parameter: the kernel below has one #if block per layer up to this depth. */
#define MAX_LAYERS 8

#if !defined(L) || !defined(B) || !defined(BP) || !defined(P_COUNT) || !defined(SCRATCH_SIZE) || !defined(N0) \
    || !defined(N1) || !defined(LD1) || !defined(ACT1) || !defined(WOFF1) || !defined(BOFF1) || !defined(AOFF1) \
    || !defined(DOFF1)
#error "train_steps.cl needs the network as -D options: L, B, BP, P_COUNT, SCRATCH_SIZE and N0, then per layer N, LD, ACT, WOFF, BOFF, AOFF, DOFF (TrainStepsLauncher.plan in clnn.backend.opencl)"
#endif
#if L < 1 || L > MAX_LAYERS
#error "train_steps.cl takes 1..MAX_LAYERS layers (-DL)"
#endif

#ifndef WG
#define WG 1              /* work-items in the work-group */
#endif
#ifndef VW
#define VW 1              /* vector width along the units: 1, 4, 8 or 16 */
#endif
#ifndef RT
#define RT 1              /* batch rows per tile (forward, dZ); BP is a multiple of it */
#endif
#ifndef KT
#define KT 1              /* rows of W per tile (dW + Adam) */
#endif
#ifndef CT
#define CT 1              /* chunks of VW units per tile (forward, dW + Adam) */
#endif
#ifndef SCRATCH_LOCAL
#define SCRATCH_LOCAL 1   /* 1: activations and deltas in local memory; 0: in the global buffer scratch */
#endif

#if SCRATCH_LOCAL
#define SCR local
#else
#define SCR global
#endif

#define PHASE_BARRIER() barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE)

#if VW == 1
typedef float floatv;
typedef int intv;
#define VLOAD(p, o) ((p)[o])
#define VSTORE(val, p, o) ((p)[o] = (val))
#define KEEP(val, cond) ((cond) ? (val) : 0.0f)
#define LANES 0
#elif VW == 4
typedef float4 floatv;
typedef int4 intv;
#define VLOAD(p, o) vload4(0, (p) + (o))
#define VSTORE(val, p, o) vstore4((val), 0, (p) + (o))
#define KEEP(val, cond) select((floatv) 0.0f, (val), (cond))
#define LANES ((int4) (0, 1, 2, 3))
#elif VW == 8
typedef float8 floatv;
typedef int8 intv;
#define VLOAD(p, o) vload8(0, (p) + (o))
#define VSTORE(val, p, o) vstore8((val), 0, (p) + (o))
#define KEEP(val, cond) select((floatv) 0.0f, (val), (cond))
#define LANES ((int8) (0, 1, 2, 3, 4, 5, 6, 7))
#elif VW == 16
typedef float16 floatv;
typedef int16 intv;
#define VLOAD(p, o) vload16(0, (p) + (o))
#define VSTORE(val, p, o) vstore16((val), 0, (p) + (o))
#define KEEP(val, cond) select((floatv) 0.0f, (val), (cond))
#define LANES ((int16) (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
#else
#error "VW must be 1, 4, 8 or 16"
#endif

/* The sum of a vector's lanes. */
inline float hsum(const floatv v) {
#if VW == 1
    return v;
#elif VW == 4
    const float2 a = v.lo + v.hi;
    return a.x + a.y;
#elif VW == 8
    const float4 a = v.lo + v.hi;
    const float2 b = a.lo + a.hi;
    return b.x + b.y;
#else
    const float8 a = v.lo + v.hi;
    const float4 b = a.lo + a.hi;
    const float2 c = b.lo + b.hi;
    return c.x + c.y;
#endif
}

/* The activation of a vector (activations.cl's activate, lane by lane). */
inline floatv activate_v(const int act, const floatv z) {
    if (act == ACT_RELU) return KEEP(z, z > (floatv) 0.0f);
    if (act == ACT_SIGMOID) return 1.0f / (1.0f + exp(-z));
    return z;
}

/* VW consecutive parameters from p[o]; lanes past the end of the buffer read as 0 (the last layer's last chunk). */
inline floatv load_params(global const float* p, const int o) {
#if VW == 1
    return p[o];
#else
    if (o + VW <= P_COUNT) return VLOAD(p, o);
    float t[VW];
    for (int i = 0; i < VW; i++) t[i] = o + i < P_COUNT ? p[o + i] : 0.0f;
    return VLOAD(t, 0);
#endif
}

/* Keras's Adam on one parameter (the formula of adam.cl and CpuBackend.adamOf). */
inline void adam_one(global float* w, global float* m, global float* v, const int o, const float g, const float alpha,
                     const float omb1, const float omb2, const float eps) {
    const float mi = m[o] + (g - m[o]) * omb1;
    const float vi = v[o] + (g * g - v[o]) * omb2;
    m[o] = mi;
    v[o] = vi;
    w[o] -= alpha * mi / (sqrt(vi) + eps);
}

/*
 * Adam on the `lanes` (1..VW) parameters from o with gradients g. A chunk with fewer lanes is the end
 * of a row of W (or of b): the lanes past it belong to the next row. With one work-item nobody else
 * writes them, so the whole vector is read, blended and written back; otherwise lane by lane.
 */
inline void adam_chunk(global float* w, global float* m, global float* v, const int o, const floatv g, const int lanes,
                       const float alpha, const float omb1, const float omb2, const float eps) {
#if VW > 1
    if (lanes < VW) {
#if WG == 1
        if (o + VW <= P_COUNT) {
            const floatv m0 = VLOAD(m, o);
            const floatv v0 = VLOAD(v, o);
            const floatv w0 = VLOAD(w, o);
            const floatv mi = m0 + (g - m0) * omb1;
            const floatv vi = v0 + (g * g - v0) * omb2;
            const floatv wi = w0 - alpha * mi / (sqrt(vi) + eps);
            const intv mine = LANES < lanes;
            VSTORE(select(m0, mi, mine), m, o);
            VSTORE(select(v0, vi, mine), v, o);
            VSTORE(select(w0, wi, mine), w, o);
            return;
        }
#endif
        float gt[VW];
        VSTORE(g, gt, 0);
        for (int i = 0; i < lanes; i++) adam_one(w, m, v, o + i, gt[i], alpha, omb1, omb2, eps);
        return;
    }
#endif
    const floatv m0 = VLOAD(m, o);
    const floatv v0 = VLOAD(v, o);
    const floatv mi = m0 + (g - m0) * omb1;
    const floatv vi = v0 + (g * g - v0) * omb2;
    VSTORE(mi, m, o);
    VSTORE(vi, v, o);
    VSTORE(VLOAD(w, o) - alpha * mi / (sqrt(vi) + eps), w, o);
}

/* Column q of a tile's outputs: act(acc + b), zero past the unit count n and past the step's rows. */
inline void store_activations(floatv acc[RT][CT], const int q, global const float* params, const int b_off, const int n,
                              const int ld, const int act, SCR float* out, const int r0, const int j0, const int rows) {
    const floatv bias = load_params(params, b_off + j0);
#pragma unroll
    for (int i = 0; i < RT; i++) {
        floatv z = activate_v(act, acc[i][q] + bias);
        z = KEEP(z, j0 + LANES < n);
        if (r0 + i >= rows) z = (floatv) 0.0f;
        VSTORE(z, out, (r0 + i) * ld + j0);
    }
}

/*
 * Layer 1's forward pass: A_1 = act(X[index] W_1 + b_1), the batch gathered from the data set. A tile is RT rows
 * by CT chunks of VW units: per input k, CT loads of W and RT of X feed RT x CT multiply-adds.
 */
inline void forward_gather(global const float* x, global const int* index, const int off, const int rows,
                           global const float* params, const int w_off, const int b_off, const int n_in,
                           const int n, const int ld, const int act, SCR float* out, const int lid) {
    const int nc = ld / VW;
    const int ncb = (nc + CT - 1) / CT;
    for (int t = lid; t < (BP / RT) * ncb; t += WG) {
        const int rb = t / ncb;
        const int c0 = (t - rb * ncb) * CT;
        const int r0 = rb * RT;
        global const float* xr[RT];
        floatv acc[RT][CT];
#pragma unroll
        for (int i = 0; i < RT; i++) {
            xr[i] = x + (size_t) index[off + min(r0 + i, rows - 1)] * n_in;
#pragma unroll
            for (int q = 0; q < CT; q++) acc[i][q] = (floatv) 0.0f;
        }
        for (int k = 0; k < n_in; k++) {
            floatv wv[CT];
#pragma unroll
            for (int q = 0; q < CT; q++) wv[q] = load_params(params, w_off + k * n + min(c0 + q, nc - 1) * VW);
#pragma unroll
            for (int i = 0; i < RT; i++) {
                const floatv a = (floatv) xr[i][k];
#pragma unroll
                for (int q = 0; q < CT; q++) acc[i][q] = fma(a, wv[q], acc[i][q]);
            }
        }
#pragma unroll
        for (int q = 0; q < CT; q++) {
            if (c0 + q < nc) store_activations(acc, q, params, b_off, n, ld, act, out, r0, (c0 + q) * VW, rows);
        }
    }
}

/* Layer l > 1's forward pass: A_l = act(A_{l-1} W_l + b_l), tiled as forward_gather. */
inline void forward_layer(const SCR float* in, const int ld_in, const int n_in,
                          global const float* params, const int w_off, const int b_off,
                          const int n, const int ld, const int act, SCR float* out, const int rows, const int lid) {
    const int nc = ld / VW;
    const int ncb = (nc + CT - 1) / CT;
    for (int t = lid; t < (BP / RT) * ncb; t += WG) {
        const int rb = t / ncb;
        const int c0 = (t - rb * ncb) * CT;
        const int r0 = rb * RT;
        floatv acc[RT][CT];
#pragma unroll
        for (int i = 0; i < RT; i++) {
#pragma unroll
            for (int q = 0; q < CT; q++) acc[i][q] = (floatv) 0.0f;
        }
        for (int k = 0; k < n_in; k++) {
            floatv wv[CT];
#pragma unroll
            for (int q = 0; q < CT; q++) wv[q] = load_params(params, w_off + k * n + min(c0 + q, nc - 1) * VW);
#pragma unroll
            for (int i = 0; i < RT; i++) {
                const floatv a = (floatv) in[(r0 + i) * ld_in + k];
#pragma unroll
                for (int q = 0; q < CT; q++) acc[i][q] = fma(a, wv[q], acc[i][q]);
            }
        }
#pragma unroll
        for (int q = 0; q < CT; q++) {
            if (c0 + q < nc) store_activations(acc, q, params, b_off, n, ld, act, out, r0, (c0 + q) * VW, rows);
        }
    }
}

/*
 * The loss, row by row (SoftmaxCrossEntropy's formulas, as cross_entropy.cl computes them): the
 * logits z are replaced by the gradient (softmax - onehot) / rows; the row's loss and hit go to
 * row_loss and row_hit for work-item 0 to sum.
 */
inline void softmax_rows(SCR float* z_all, const int n, const int ld, global const int* labels,
                         global const int* index, const int off, const int rows,
                         local float* row_loss, local float* row_hit, const int lid) {
    for (int r = lid; r < rows; r += WG) {
        SCR float* z = z_all + r * ld;
        const int y = labels[index[off + r]];
        float mx = z[0];
        int argmax = 0;
        for (int j = 1; j < n; j++) {
            if (z[j] > mx) {
                mx = z[j];
                argmax = j;
            }
        }
        float sum = 0.0f;
        for (int j = 0; j < n; j++) sum += exp(z[j] - mx);
        const float zy = z[y];
        for (int j = 0; j < n; j++) {
            const float p = exp(z[j] - mx) / sum;
            z[j] = (p - (j == y ? 1.0f : 0.0f)) / (float) rows;
        }
        row_loss[r] = log(sum) - (zy - mx);
        row_hit[r] = argmax == y ? 1.0f : 0.0f;
    }
}

/* D_{l-1} = (D_l W_l^T) * act'(A_{l-1}), from the old W_l (before this step's update). */
inline void backward_delta(const SCR float* dz, const int ld, const int n, global const float* params, const int w_off,
                           const SCR float* a_prev, SCR float* d_prev, const int ld_prev, const int n_prev,
                           const int act_prev, const int rows, const int lid) {
    const int nc = ld / VW;
    for (int t = lid; t < (BP / RT) * n_prev; t += WG) {
        const int rb = t / n_prev;
        const int k = t - rb * n_prev;
        const int r0 = rb * RT;
        floatv acc[RT];
#pragma unroll
        for (int i = 0; i < RT; i++) acc[i] = (floatv) 0.0f;
        for (int c = 0; c < nc; c++) {
            const floatv wv = KEEP(load_params(params, w_off + k * n + c * VW), c * VW + LANES < n);
#pragma unroll
            for (int i = 0; i < RT; i++) acc[i] = fma(VLOAD(dz, (r0 + i) * ld + c * VW), wv, acc[i]);
        }
#pragma unroll
        for (int i = 0; i < RT; i++) {
            const int e = (r0 + i) * ld_prev + k;
            d_prev[e] = r0 + i < rows ? hsum(acc[i]) * derivative_from_output(act_prev, a_prev[e]) : 0.0f;
        }
    }
}

/*
 * dW_l = A_{l-1}^T D_l and db_l = colsum(D_l), each chunk straight into Adam. A tile is KT rows of W by CT chunks of
 * VW units: per batch row, CT loads of D and KT of A feed KT x CT multiply-adds. The input of layer l > 1 is scratch
 * (A_ROW(r) = a_in + r * ld_in); layer 1's is the batch gathered from X (A_ROW(r) = x + xrow[r]).
 */
#define UPDATE_BODY(A_ROW, n_in) \
    const int nc = ld / VW; \
    const int ncb = (nc + CT - 1) / CT; \
    const int tail = n - (nc - 1) * VW; \
    const int nkb = (n_in + KT - 1) / KT; \
    for (int t = lid; t < nkb * ncb + nc; t += WG) { \
        if (t < nkb * ncb) { \
            const int kb = t / ncb; \
            const int c0 = (t - kb * ncb) * CT; \
            const int k0 = kb * KT; \
            floatv g[KT][CT]; \
            _Pragma("unroll") for (int i = 0; i < KT; i++) { \
                _Pragma("unroll") for (int q = 0; q < CT; q++) g[i][q] = (floatv) 0.0f; \
            } \
            for (int r = 0; r < BP; r++) { \
                floatv d[CT]; \
                _Pragma("unroll") for (int q = 0; q < CT; q++) d[q] = VLOAD(dz, r * ld + min(c0 + q, nc - 1) * VW); \
                _Pragma("unroll") for (int i = 0; i < KT; i++) { \
                    const float ar = (A_ROW(r))[min(k0 + i, n_in - 1)]; \
                    const floatv a = (floatv) ar; \
                    _Pragma("unroll") for (int q = 0; q < CT; q++) g[i][q] = fma(a, d[q], g[i][q]); \
                } \
            } \
            _Pragma("unroll") for (int i = 0; i < KT; i++) { \
                _Pragma("unroll") for (int q = 0; q < CT; q++) { \
                    const int c = c0 + q; \
                    if (k0 + i < n_in && c < nc) { \
                        adam_chunk(params, m, v, w_off + (k0 + i) * n + c * VW, g[i][q], c == nc - 1 ? tail : VW, \
                                   alpha, omb1, omb2, eps); \
                    } \
                } \
            } \
        } else { \
            const int c = t - nkb * ncb; \
            floatv g = (floatv) 0.0f; \
            for (int r = 0; r < BP; r++) g += VLOAD(dz, r * ld + c * VW); \
            adam_chunk(params, m, v, b_off + c * VW, g, c == nc - 1 ? tail : VW, alpha, omb1, omb2, eps); \
        } \
    }

#define SCRATCH_ROW(r) (a_in + (r) * ld_in)
#define GATHERED_ROW(r) (x + xrow[r])

inline void update_layer(const SCR float* a_in, const int ld_in, const int n_in, const SCR float* dz, const int ld,
                         const int n, global float* params, global float* m, global float* v, const int w_off,
                         const int b_off, const float alpha, const float omb1, const float omb2, const float eps,
                         const int lid) {
    UPDATE_BODY(SCRATCH_ROW, n_in)
}

/* Layer 1: rows past `rows` repeat the last row of the batch and meet zero deltas. */
inline void update_gather(global const float* x, local const size_t* xrow, const int n_in, const SCR float* dz,
                          const int ld, const int n, global float* params, global float* m, global float* v,
                          const int w_off, const int b_off, const float alpha, const float omb1, const float omb2,
                          const float eps, const int lid) {
    UPDATE_BODY(GATHERED_ROW, n_in)
}

/* Layer l > 1, in each phase; lm is l - 1. */
#define FORWARD(l, lm) \
    forward_layer(scr + AOFF##lm, LD##lm, N##lm, params, WOFF##l, BOFF##l, N##l, LD##l, ACT##l, scr + AOFF##l, rows, lid); \
    PHASE_BARRIER();
#define BACKWARD(l, lm) \
    backward_delta(scr + DOFF##l, LD##l, N##l, params, WOFF##l, scr + AOFF##lm, scr + DOFF##lm, LD##lm, N##lm, ACT##lm, \
                   rows, lid); \
    PHASE_BARRIER();
#define UPDATE(l, lm) \
    update_layer(scr + AOFF##lm, LD##lm, N##lm, scr + DOFF##l, LD##l, N##l, params, m, v, WOFF##l, BOFF##l, alpha, \
                 one_minus_beta1, one_minus_beta2, epsilon, lid);

/* The last layer's constants under one name. */
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define NL CAT(N, L)
#define LDL CAT(LD, L)
#define AOFFL CAT(AOFF, L)

kernel __attribute__((reqd_work_group_size(WG, 1, 1)))
void train_steps(global const float* x, global const int* labels, global const int* index,
                 global float* params, global float* m, global float* v, global float* metrics,
                 global const float* alphas, global float* scratch,
                 const int data_rows, const int first, const int count, const int alpha_off,
                 const float one_minus_beta1, const float one_minus_beta2, const float epsilon) {
#if SCRATCH_LOCAL
    local float scr[SCRATCH_SIZE];
#else
    global float* scr = scratch;
#endif
    local float row_loss[BP];
    local float row_hit[BP];
    local size_t xrow[BP];   /* where row r of the step's batch starts in x (rows past `rows`: the last row) */
    const int lid = get_local_id(0);
    for (int i = lid; i < SCRATCH_SIZE; i += WG) scr[i] = 0.0f;
    float loss_sum = 0.0f;
    float correct = 0.0f;
    float seen = 0.0f;
    float first_bad = 0.0f;
    if (lid == 0) {
        loss_sum = metrics[0];
        correct = metrics[1];
        seen = metrics[2];
        first_bad = metrics[3];
    }
    PHASE_BARRIER();

    for (int s = 0; s < count; s++) {
        const int off = (first + s) * B;
        const int rows = min(B, data_rows - off);
        const float alpha = alphas[alpha_off + s];
        /* Read by the update phase only, many barriers later. */
        for (int r = lid; r < BP; r += WG) xrow[r] = (size_t) index[off + min(r, rows - 1)] * N0;

        forward_gather(x, index, off, rows, params, WOFF1, BOFF1, N0, N1, LD1, ACT1, scr + AOFF1, lid);
        PHASE_BARRIER();
#if L >= 2
        FORWARD(2, 1)
#endif
#if L >= 3
        FORWARD(3, 2)
#endif
#if L >= 4
        FORWARD(4, 3)
#endif
#if L >= 5
        FORWARD(5, 4)
#endif
#if L >= 6
        FORWARD(6, 5)
#endif
#if L >= 7
        FORWARD(7, 6)
#endif
#if L >= 8
        FORWARD(8, 7)
#endif

        softmax_rows(scr + AOFFL, NL, LDL, labels, index, off, rows, row_loss, row_hit, lid);
        PHASE_BARRIER();
        if (lid == 0) {
            /* The batch's sums in row order, then the running metrics (SoftmaxCrossEntropy's slots). */
            float batch_loss = 0.0f;
            float batch_hits = 0.0f;
            for (int r = 0; r < rows; r++) {
                batch_loss += row_loss[r];
                batch_hits += row_hit[r];
            }
            const float before = seen;
            loss_sum += batch_loss;
            correct += batch_hits;
            seen += (float) rows;
            if (!isfinite(batch_loss) && first_bad == 0.0f) first_bad = before + 1.0f;
        }

#if L >= 8
        BACKWARD(8, 7)
#endif
#if L >= 7
        BACKWARD(7, 6)
#endif
#if L >= 6
        BACKWARD(6, 5)
#endif
#if L >= 5
        BACKWARD(5, 4)
#endif
#if L >= 4
        BACKWARD(4, 3)
#endif
#if L >= 3
        BACKWARD(3, 2)
#endif
#if L >= 2
        BACKWARD(2, 1)
#endif

        update_gather(x, xrow, N0, scr + DOFF1, LD1, N1, params, m, v, WOFF1, BOFF1, alpha,
                      one_minus_beta1, one_minus_beta2, epsilon, lid);
#if L >= 2
        UPDATE(2, 1)
#endif
#if L >= 3
        UPDATE(3, 2)
#endif
#if L >= 4
        UPDATE(4, 3)
#endif
#if L >= 5
        UPDATE(5, 4)
#endif
#if L >= 6
        UPDATE(6, 5)
#endif
#if L >= 7
        UPDATE(7, 6)
#endif
#if L >= 8
        UPDATE(8, 7)
#endif
        PHASE_BARRIER();
    }

    if (lid == 0) {
        metrics[0] = loss_sum;
        metrics[1] = correct;
        metrics[2] = seen;
        metrics[3] = first_bad;
    }
}
