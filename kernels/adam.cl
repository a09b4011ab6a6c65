/*
 * adam.cl -- one Adam step over one flat parameter buffer: every layer's W and b in one launch.
 *
 * Keras's form of the update, element by element (the host folds the bias correction into alpha):
 *   alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 *   m += (g - m) * (1 - beta1)
 *   v += (g*g - v) * (1 - beta2)
 *   w -= alpha * m / (sqrt(v) + epsilon)
 *
 * Layout: w, g, m, v are float buffers of `count` elements with the same layout. Any global size
 * works: work-items stride through the buffer (the host launches about one per element, capped).
 */
kernel void adam(const int count, global float* w, global const float* g, global float* m, global float* v,
                 const float alpha, const float one_minus_beta1, const float one_minus_beta2, const float epsilon) {
    for (int i = get_global_id(0); i < count; i += get_global_size(0)) {
        const float gi = g[i];
        const float mi = m[i] + (gi - m[i]) * one_minus_beta1;
        const float vi = v[i] + (gi * gi - v[i]) * one_minus_beta2;
        m[i] = mi;
        v[i] = vi;
        w[i] -= alpha * mi / (sqrt(vi) + epsilon);
    }
}
