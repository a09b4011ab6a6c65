package clnn.train;

import clnn.backend.Backend;
import clnn.backend.DeviceFloats;

/**
 * Per-layer scratch arrays for batches of up to {@code maxRows} rows, allocated once: the
 * activations A_l (rows x width(l)) and, for training, the gradients dZ_l of the same shape.
 */
final class Workspace implements AutoCloseable {
    final DeviceFloats[] activations;
    final DeviceFloats[] deltas;

    Workspace(Backend backend, NetworkShape shape, int maxRows, boolean training) {
        int layers = shape.layers();
        activations = new DeviceFloats[layers + 1];
        deltas = new DeviceFloats[layers + 1];
        for (int l = 1; l <= layers; l++) {
            activations[l] = backend.allocFloats("activations" + l, maxRows * shape.width(l));
            if (training) deltas[l] = backend.allocFloats("deltas" + l, maxRows * shape.width(l));
        }
    }

    @Override
    public void close() {
        for (int l = activations.length - 1; l >= 1; l--) {
            if (deltas[l] != null) deltas[l].close();
            activations[l].close();
        }
    }
}
