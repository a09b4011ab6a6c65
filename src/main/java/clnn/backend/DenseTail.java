package clnn.backend;

/**
 * The small last layers of a network, their loss and their backward pass, as one call: for the
 * layers after the first (narrow, at small batches) every single op is too small to be worth a
 * launch of its own. The call is exactly the sequence
 * <pre>
 *   forward[0..]   the dense tail layers' forward GEMMs (bias + activation epilogues)
 *   loss           softmax cross-entropy of the last layer, with its gradient
 *   backward[0..]  for each dense tail layer from the last: dW + db, then dA of the layer below (masked)
 * </pre>
 * and {@link Backend#denseTail}'s default runs it call by call. A backend may run it fused (the
 * OpenCL backend does, in one single-work-group kernel) as long as the results agree with the
 * sequence within the GEMM and softmax tolerances.
 *
 * @param rows     rows in the batch
 * @param layers   number of dense tail layers (the network's layers first..L)
 * @param macs     multiply-adds of the whole call, for a backend deciding whether to fuse it
 * @param forward  the tail layers' forward GEMMs, first layer first
 * @param loss     the loss on the last layer's logits, with its gradient
 * @param backward the backward GEMMs, last layer first, ending with dA of the layer below the tail
 */
public record DenseTail(int rows, int layers, long macs, Gemm[] forward, SoftmaxCrossEntropy loss, Gemm[] backward) {
}
