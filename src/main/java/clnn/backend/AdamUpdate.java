package clnn.backend;

import clnn.Adam;

/**
 * One Adam step over one flat parameter array (all layers in one launch). The update rule and its
 * constants live in {@link Adam}.
 *
 * @param params the flat parameter array, updated in place
 * @param grads  the gradients, same layout as params
 * @param m      Adam's first moments, same layout, updated in place
 * @param v      Adam's second moments, same layout, updated in place
 * @param count  how many elements (from index 0) to update
 * @param adam   the learning rate, betas and epsilon
 */
public record AdamUpdate(DeviceFloats params, DeviceFloats grads, DeviceFloats m, DeviceFloats v, int count,
                         Adam adam) {
}
