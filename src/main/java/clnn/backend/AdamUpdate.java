package clnn.backend;

import clnn.Adam;

/**
 * One Adam step over one flat parameter array (all layers in one launch). The update rule and its
 * constants live in {@link Adam}.
 */
public record AdamUpdate(DeviceFloats params, DeviceFloats grads, DeviceFloats m, DeviceFloats v, int count,
                         Adam adam) {
}
