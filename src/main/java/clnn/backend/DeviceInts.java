package clnn.backend;

/** An int32 array on a device (labels, row permutations). */
public interface DeviceInts extends DeviceArray {
}
