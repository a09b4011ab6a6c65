/**
 * The device boundary: {@link clnn.backend.Backend}, the few primitives every device implements (allocate,
 * transfer, GEMM with a fused epilogue, softmax cross-entropy, Adam, and the optional fused forms
 * {@link clnn.backend.DenseTail} and {@link clnn.backend.TrainingSteps}), the call records that describe them
 * once per network shape, and {@link clnn.backend.Backends}, the one place that maps a {@link clnn.Device} to an
 * implementation. The training loop is written once above this interface. Engine-internal, not a stable API:
 * the library's users reach devices through {@link clnn.Device} and the api in package {@code clnn}.
 */
package clnn.backend;
