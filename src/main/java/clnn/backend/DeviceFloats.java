package clnn.backend;

/** A float32 array on a device. */
public interface DeviceFloats extends DeviceArray {
}
