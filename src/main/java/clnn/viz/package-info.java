/**
 * The figures the CLI writes: digit grids ({@code engine show}, predictions.png, errors.png) and the loss
 * chart (loss.png, through XChart), as images within a pixel budget, written as PNG atomically.
 * Engine-internal, not a stable API: used by {@code clnn.cli} only.
 */
package clnn.viz;
