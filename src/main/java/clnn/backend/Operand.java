package clnn.backend;

/**
 * A row-major matrix inside a device array: element (r, c) is {@code array[offset + r * ld + c]}.
 * Offsets let many matrices share one array (all layers' weights live in one parameter array).
 *
 * @param array  the device array that holds the matrix
 * @param offset index of element (0, 0) in {@code array}
 * @param ld     the leading dimension: elements from one row's start to the next
 */
public record Operand(DeviceFloats array, int offset, int ld) {
    /**
     * Refuses operands no kernel could address.
     *
     * @param array  the device array, not null
     * @param offset index of element (0, 0), 0 or more
     * @param ld     row stride, 1 or more
     * @throws IllegalArgumentException when array is null, offset is negative or ld is below 1
     */
    public Operand {
        if (array == null) throw new IllegalArgumentException("operand array is null");
        if (offset < 0 || ld < 1) throw new IllegalArgumentException("bad operand offset/ld " + offset + "/" + ld);
    }

    /**
     * A vector (or a matrix whose row stride is irrelevant) starting at {@code offset}: biases, column sums.
     *
     * @param array  the device array that holds it
     * @param offset index of its first element
     * @return an operand with {@code ld = 1}
     */
    public static Operand vector(DeviceFloats array, int offset) {
        return new Operand(array, offset, 1);
    }
}
