/*
 * dense_tail.cl -- the small last layers of a network, their loss and their backward pass, in one
 * launch of one work-group (built after activations.cl and cross_entropy.cl).
 *
 * At batch 32 the layers after the first are a few thousand multiply-adds each: as separate kernels
 * each would cost a launch (microseconds) for nanoseconds of work. Here T <= MAX_TAIL tail layers
 * run in phases separated by barriers; within a phase the work-items share the elements:
 *
 *   forward   t = 0..T-1:   A_t[r][j]  = act_t(sum_k in_t[r][k] W_t[k][j] + b_t[j])      in_0 = A_in
 *   loss:                    dZ_{T-1}   = (softmax(A_{T-1}) - onehot(y)) / rows, metrics (cross_entropy.cl)
 *   backward  t = T-1..0:    gW_t[k][j] = sum_r in_t[r][k] dZ_t[r][j],  gb_t[j] = sum_r dZ_t[r][j]
 *                            dZ_{t-1}[r][k] = (sum_j dZ_t[r][j] W_t[k][j]) * act'(in_t[r][k])
 *                            (for t = 0 the result is dZ_in, masked by the layer below's activation)
 *
 * Layout: each layer's activations A_t and gradients dZ_t are rows x w_t, row-major, ld = w_t, at
 * offset 0 of their own buffers; W_t (w_{t-1} x w_t) and b_t sit at offsets in the flat parameter
 * buffer, and their gradients at the same offsets in the gradient buffer. A_in is rows x in_w with
 * ld in_ld; the rows of the batch are 0..rows-1 (layer 1's GEMM has already gathered them).
 *
 * Barriers with CLK_GLOBAL_MEM_FENCE order one phase's global writes before the next phase's reads
 * within the work-group, which is the only group: that is why this kernel is for small tails (the
 * host fuses a tail only below a work limit and falls back to separate kernels above it).
 *
 * Arguments: DenseTailLauncher.Arg names them in this order (KernelContractTest checks the two
 * agree). Each tail layer t has its own group (a_t, dz_t: its activation and gradient buffers; w_t:
 * its width; act_t: its activation code; w_off_t, b_off_t: where its W and b sit in params/grads).
 * Unused groups (t >= layers) get a placeholder buffer and are never read.
 */

/* Not a tuning parameter: fixed by the signature, which has three per-layer argument groups
 * (a0..a2, dz0..dz2, ...). A deeper tail needs a fourth group here and in DenseTailLauncher.Arg. */
#define MAX_TAIL 3

kernel void dense_tail(const int rows, const int layers,
                       global const float* a_in, const int in_w, const int in_ld,
                       global float* d_in, const int d_in_ld, const int in_act,
                       global const float* params, global float* grads,
                       global float* a0, global float* dz0, const int w0, const int act0, const int w_off0, const int b_off0,
                       global float* a1, global float* dz1, const int w1, const int act1, const int w_off1, const int b_off1,
                       global float* a2, global float* dz2, const int w2, const int act2, const int w_off2, const int b_off2,
                       global const int* labels, global const int* index, const int gather, const int idx_off,
                       global float* metrics) {
    local float loss_part[MAX_WG];
    local float correct_part[MAX_WG];
    const int T = layers;                 /* the tail's depth, 1..MAX_TAIL */
    const int lid = get_local_id(0);
    const int size = get_local_size(0);
    global float* A[MAX_TAIL] = {a0, a1, a2};
    global float* DZ[MAX_TAIL] = {dz0, dz1, dz2};
    const int W[MAX_TAIL] = {w0, w1, w2};
    const int ACT[MAX_TAIL] = {act0, act1, act2};
    const int WOFF[MAX_TAIL] = {w_off0, w_off1, w_off2};
    const int BOFF[MAX_TAIL] = {b_off0, b_off1, b_off2};

    for (int t = 0; t < T; t++) {
        global const float* in = t == 0 ? a_in : A[t - 1];
        const int iw = t == 0 ? in_w : W[t - 1];
        const int ild = t == 0 ? in_ld : W[t - 1];
        const int w = W[t];
        global const float* wt = params + WOFF[t];
        for (int e = lid; e < rows * w; e += size) {
            const int r = e / w;
            const int j = e - r * w;
            float s = 0.0f;
            for (int k = 0; k < iw; k++) s += in[r * ild + k] * wt[k * w + j];
            A[t][e] = activate(ACT[t], s + params[BOFF[t] + j]);
        }
        barrier(CLK_GLOBAL_MEM_FENCE);
    }

    const int classes = W[T - 1];
    float loss = 0.0f;
    float correct = 0.0f;
    for (int r = lid; r < rows; r += size) {
        const int y = labels[gather ? index[idx_off + r] : r];
        loss += cross_entropy_row(A[T - 1] + r * classes, classes, y, DZ[T - 1] + r * classes, rows, &correct);
    }
    add_metrics(loss_part, correct_part, loss, correct, rows, metrics);
    barrier(CLK_GLOBAL_MEM_FENCE);

    for (int t = T - 1; t >= 0; t--) {
        global const float* in = t == 0 ? a_in : A[t - 1];
        const int iw = t == 0 ? in_w : W[t - 1];
        const int ild = t == 0 ? in_ld : W[t - 1];
        const int w = W[t];
        global const float* dz = DZ[t];
        global const float* wt = params + WOFF[t];
        for (int e = lid; e < iw * w; e += size) {
            const int k = e / w;
            const int j = e - k * w;
            float s = 0.0f;
            for (int r = 0; r < rows; r++) s += in[r * ild + k] * dz[r * w + j];
            grads[WOFF[t] + e] = s;
        }
        for (int j = lid; j < w; j += size) {
            float s = 0.0f;
            for (int r = 0; r < rows; r++) s += dz[r * w + j];
            grads[BOFF[t] + j] = s;
        }
        global float* out = t == 0 ? d_in : DZ[t - 1];
        const int old = t == 0 ? d_in_ld : iw;
        const int act = t == 0 ? in_act : ACT[t - 1];
        for (int e = lid; e < rows * iw; e += size) {
            const int r = e / iw;
            const int k = e - r * iw;
            float s = 0.0f;
            for (int j = 0; j < w; j++) s += dz[r * w + j] * wt[k * w + j];
            out[r * old + k] = s * derivative_from_output(act, in[r * ild + k]);
        }
        barrier(CLK_GLOBAL_MEM_FENCE);
    }
}
