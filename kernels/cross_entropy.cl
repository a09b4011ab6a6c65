/*
 * cross_entropy.cl -- the per-row softmax cross-entropy and the work-group reduction of the batch metrics,
 * shared by softmax_cross_entropy.cl and dense_tail.cl (the host builds it in front of them).
 *
 * metrics: [0] summed loss, [1] correct predictions, [2] rows seen, [3] rows seen before the first
 * batch whose loss sum was NaN or infinite, plus one (0 while every batch was finite).
 */
#ifndef MAX_WG
#define MAX_WG 256  /* largest work-group these kernels are launched with; sizes the local arrays */
#endif

/*
 * One row of logits zr (classes values) with label y: returns log(sum exp(z - max)) - (z_y - max),
 * adds 1 to *correct when the first maximum is at y, and when gr is not null writes the gradient
 * (softmax - onehot) / rows.
 */
inline float cross_entropy_row(global const float* zr, const int classes, const int y, global float* gr, const int rows,
                      float* correct) {
    float mx = zr[0];
    int argmax = 0;
    for (int j = 1; j < classes; j++) {
        if (zr[j] > mx) {
            mx = zr[j];
            argmax = j;
        }
    }
    float sum = 0.0f;
    for (int j = 0; j < classes; j++) sum += exp(zr[j] - mx);
    if (argmax == y) *correct += 1.0f;
    if (gr) {
        for (int j = 0; j < classes; j++) {
            const float p = exp(zr[j] - mx) / sum;
            gr[j] = (p - (j == y ? 1.0f : 0.0f)) / (float) rows;
        }
    }
    return log(sum) - (zr[y] - mx);
}

/*
 * Sums every work-item's (loss, correct) in local memory (a tree: the work-group size is a power of
 * two) and has work-item 0 add them to metrics. No atomics: deterministic, and launches on the
 * in-order queue accumulate without racing. Every work-item of the group must call it.
 */
inline void add_metrics(local float* loss_part, local float* correct_part, const float loss, const float correct,
                        const int rows, global float* metrics) {
    const int lid = get_local_id(0);
    const int size = get_local_size(0);
    loss_part[lid] = loss;
    correct_part[lid] = correct;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = size / 2; stride > 0; stride /= 2) {
        if (lid < stride) {
            loss_part[lid] += loss_part[lid + stride];
            correct_part[lid] += correct_part[lid + stride];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) {
        const float before = metrics[2];
        metrics[0] += loss_part[0];
        metrics[1] += correct_part[0];
        metrics[2] += (float) rows;
        if (!isfinite(loss_part[0]) && metrics[3] == 0.0f) metrics[3] = before + 1.0f;
    }
}
