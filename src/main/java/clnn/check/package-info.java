/**
 * Every op described once ({@link clnn.check.OpDescription}: its seeded case list and tolerance), so that the
 * parity tests, {@code engine selftest} ({@link clnn.check.ParityCheck}) and the JMH benchmarks run the same
 * cases against the CPU reference; the fixed-seed loss trace ({@link clnn.check.LossTrace}); and every
 * tolerance with the reason for its size ({@link clnn.check.Tolerances}). Engine-internal, not a stable API.
 */
package clnn.check;
