/**
 * The OpenCL backend through JOCL: device discovery ({@link clnn.backend.opencl.OpenCl}), the backend that
 * enqueues the handwritten kernels of {@code kernels/} ({@link clnn.backend.opencl.OpenClBackend}), their
 * launchers, and the per-device GEMM tuning cache ({@code engine tune}). Never sees the CPU path; both are
 * checked against the CPU reference. Engine-internal, not a stable API: its public members are public for
 * {@link clnn.backend.Backends}, {@link clnn.Devices} (what the devices and tune commands call) and the tests.
 */
package clnn.backend.opencl;
