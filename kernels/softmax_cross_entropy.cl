/*
 * softmax_cross_entropy.cl -- row-wise softmax cross-entropy from logits, its gradient and the batch
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
 * successive launches on the in-order queue accumulate without racing. The row math and the
 * reduction live in cross_entropy.cl, built in front of this file.
 */
kernel void softmax_cross_entropy(const int rows, const int classes,
                         global const float* z, const int z_off, const int ldz,
                         global const int* labels, global const int* index, const int gather, const int idx_off,
                         global float* grad, const int g_off, const int ldg, const int with_grad,
                         global float* metrics) {
    local float loss_part[MAX_WG];
    local float correct_part[MAX_WG];
    float loss = 0.0f;
    float correct = 0.0f;
    for (int r = get_local_id(0); r < rows; r += get_local_size(0)) {
        const int y = labels[gather ? index[idx_off + r] : r];
        loss += cross_entropy_row(z + z_off + r * ldz, classes, y, with_grad ? grad + g_off + r * ldg : 0, rows, &correct);
    }
    add_metrics(loss_part, correct_part, loss, correct, rows, metrics);
}
