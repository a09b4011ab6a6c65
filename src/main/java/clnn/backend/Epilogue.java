package clnn.backend;

import clnn.Activation;

/**
 * What a GEMM does with each result before storing it, fused so that no separate pass over C is
 * needed. These are exactly the three things a dense layer needs.
 */
public sealed interface Epilogue {
    /** C = op(A) op(B), stored as computed. */
    record None() implements Epilogue {
    }

    /**
     * Forward pass: C = activation(op(A) op(B) + bias), bias broadcast along rows (one per column).
     *
     * @param bias       n values, one per column of C
     * @param activation applied after the bias
     */
    record BiasActivation(Operand bias, Activation activation) implements Epilogue {
    }

    /**
     * Backward pass through an activation: C = (op(A) op(B)) * f'(output), where {@code output} is
     * the layer's stored activation, an m x n matrix like C.
     *
     * @param output     the layer's forward output, m x n
     * @param activation whose derivative is taken, expressed through its output
     */
    record ActivationGradient(Operand output, Activation activation) implements Epilogue {
    }

    /**
     * Weight gradient with its bias gradient: C = op(A) op(B), and also the column sums of op(B)
     * over the k rows (db = sum over the batch of dZ) written to {@code columnSums}.
     *
     * @param columnSums where the n column sums go (overwritten, not added to)
     */
    record BiasGradient(Operand columnSums) implements Epilogue {
    }

    /** The shared "no epilogue"; a null epilogue in {@link Gemm} means this. */
    Epilogue NONE = new None();
}
