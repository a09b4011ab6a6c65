package clnn.backend;

/**
 * A row-major matrix inside a device array: element (r, c) is {@code array[offset + r * ld + c]}.
 * Offsets let many matrices share one array (all layers' weights live in one parameter array).
 */
public record Operand(DeviceFloats array, int offset, int ld) {
    public Operand {
        if (array == null) throw new IllegalArgumentException("operand array is null");
        if (offset < 0 || ld < 1) throw new IllegalArgumentException("bad operand offset/ld " + offset + "/" + ld);
    }

    /** A vector (or a matrix whose row stride is irrelevant) starting at {@code offset}. */
    public static Operand vector(DeviceFloats array, int offset) {
        return new Operand(array, offset, 1);
    }
}
