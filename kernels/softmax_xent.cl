/*
 * softmax_xent.cl -- row-wise softmax cross-entropy from logits, its gradient and the batch
 * metrics, in one launch of one work-group.
 *
 * For each of `rows` rows of z (row-major, z[z_off + r * ldz + j], `classes` columns), with label
 * y = labels[index[idx_off + r]] (or labels[r] without gather):
 *   max     = max_j z_j;  argmax = the first j reaching it
 *   loss_r  = log(sum_j exp(z_j - max)) - (z_y - max)          (stable: exp never overflows)
 *   grad_rj = (exp(z_j - max) / sum - [j == y]) / rows         (mean over the batch; if with_grad)
 * and metrics[0] += sum_r loss_r, metrics[1] += count of argmax == y, metrics[2] += rows, and when
 * this batch's loss sum is NaN or infinite and metrics[3] is still 0, metrics[3] = rows counted
 * before this batch + 1: where training first diverged, found without a host sync per step.
 *
 * One work-group of a power-of-two size (the host picks it from the device's limits, at most
 * MAX_WG): work-item l takes rows l, l + size, ...; partial sums meet in a tree reduction in local
 * memory, and work-item 0 adds them to metrics. No atomics, so the result is deterministic, and
 * successive launches on the in-order queue accumulate without racing.
 */
#ifndef MAX_WG
#define MAX_WG 256  /* largest work-group this kernel is launched with; sizes the local arrays */
#endif

kernel void softmax_xent(const int rows, const int classes,
                         global const float* z, const int z_off, const int ldz,
                         global const int* labels, global const int* index, const int gather, const int idx_off,
                         global float* grad, const int g_off, const int ldg, const int with_grad,
                         global float* metrics) {
    local float loss_part[MAX_WG];
    local float correct_part[MAX_WG];
    const int lid = get_local_id(0);
    const int size = get_local_size(0);
    float loss = 0.0f;
    float correct = 0.0f;
    for (int r = lid; r < rows; r += size) {
        global const float* zr = z + z_off + r * ldz;
        const int y = labels[gather ? index[idx_off + r] : r];
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
        loss += log(sum) - (zr[y] - mx);
        if (argmax == y) correct += 1.0f;
        if (with_grad) {
            global float* gr = grad + g_off + r * ldg;
            for (int j = 0; j < classes; j++) {
                const float p = exp(zr[j] - mx) / sum;
                gr[j] = (p - (j == y ? 1.0f : 0.0f)) / (float) rows;
            }
        }
    }
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
