/*
 * activations.cl -- the element-wise activations of dense layers, shared by gemm.cl and
 * dense_tail.cl (the host builds it in front of them). The codes ACT_RELU, ACT_LINEAR and ACT_SIGMOID
 * are not written here: the host passes them as -D options generated from the Activation enum
 * (backend/opencl/KernelContract), so kernel and host cannot disagree.
 * Each derivative is expressed through the activation's output a = f(z), so the backward pass
 * needs only the stored activations:
 *   relu    f(z) = max(0, z)        f' = 1 where a > 0, else 0
 *   linear  f(z) = z                f' = 1
 *   sigmoid f(z) = 1 / (1 + e^-z)   f' = a (1 - a)
 */
#if !defined(ACT_RELU) || !defined(ACT_LINEAR) || !defined(ACT_SIGMOID)
#error "activations.cl needs -DACT_RELU=.. -DACT_LINEAR=.. -DACT_SIGMOID=.. (KernelContract.DEFINES in clnn.backend.opencl)"
#endif

inline float activate(const int act, const float z) {
    if (act == ACT_RELU) return z > 0.0f ? z : 0.0f;
    if (act == ACT_SIGMOID) return 1.0f / (1.0f + exp(-z));
    return z;
}

inline float derivative_from_output(const int act, const float a) {
    if (act == ACT_RELU) return a > 0.0f ? 1.0f : 0.0f;
    if (act == ACT_SIGMOID) return a * (1.0f - a);
    return 1.0f;
}
