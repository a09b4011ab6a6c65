package clnn.train;

import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.data.Dataset;

/**
 * A data set uploaded once to a backend: X, the labels, and a row index through which every batch
 * is read (the epoch's permutation while training; the identity for evaluation).
 */
final class DeviceData implements AutoCloseable {
    final int rows;
    final DeviceFloats x;
    final DeviceInts y;
    final DeviceInts index;

    DeviceData(Backend backend, Dataset data, String role) {
        this.rows = data.rows();
        // Only ever read through the index as layer 1's gathered A: a backend may split it by rows.
        this.x = backend.allocRows(role + ".x", data.rows(), data.features());
        this.y = backend.allocInts(role + ".y", data.rows());
        this.index = backend.allocInts(role + ".index", data.rows());
        backend.upload(data.x(), x);
        backend.upload(data.y(), y);
        int[] identity = new int[data.rows()];
        for (int i = 0; i < identity.length; i++) identity[i] = i;
        backend.upload(identity, index);
    }

    int rows() {
        return rows;
    }

    @Override
    public void close() {
        index.close();
        y.close();
        x.close();
    }
}
