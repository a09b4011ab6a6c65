/**
 * The CPU path: {@link clnn.backend.cpu.CpuBackend}, plain loops that are the readable specification every
 * other backend is tested against, and its faster twins (auto-vectorised, and the Vector API one with its fused
 * whole-step kernels) that must agree with it within the tolerances of {@link clnn.check.Tolerances};
 * {@link clnn.backend.cpu.CpuTwins} decides which one {@code --device cpu} runs. Engine-internal, not a stable
 * API: its public members are public for {@link clnn.backend.Backends}, {@link clnn.Devices} (the warm-up) and the
 * tests.
 */
package clnn.backend.cpu;
