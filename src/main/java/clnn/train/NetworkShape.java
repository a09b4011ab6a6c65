package clnn.train;

import clnn.Activation;

/**
 * The sizes of a stack of dense layers and where each layer's parameters sit in the one flat
 * parameter array: layer by layer, W (inputs x units, row-major, Keras's shape) then b (units).
 * Gradients and Adam moments use the same layout, so one Adam launch updates every layer.
 *
 * <p>Layers are numbered 1..L; width(0) is the input width. Engine-internal: the api's
 * {@link clnn.Sequential} numbers its Dense layers from 0 instead, as Keras does.
 */
public final class NetworkShape {
    private final int[] widths;
    private final Activation[] activations;
    private final int[] weightOffsets;
    private final int paramCount;

    /**
     * The layout of a stack of dense layers.
     *
     * @param inputs      the input width, at least 1
     * @param units       the width of layers 1..L, each at least 1
     * @param activations the activation of layers 1..L, one per layer (copied)
     * @throws clnn.ModelException when a count or activation is missing or out of range, or the parameters would
     *                             not fit one array
     */
    public NetworkShape(int inputs, int[] units, Activation[] activations) {
        if (units == null || activations == null || units.length == 0 || units.length != activations.length) {
            throw new clnn.ModelException("a network shape needs at least one layer and one activation per layer");
        }
        if (inputs < 1) throw new clnn.ModelException("a network needs at least 1 input, got " + inputs);
        for (int l = 0; l < units.length; l++) {
            if (units[l] < 1) throw new clnn.ModelException("layer " + (l + 1) + " has " + units[l] + " units; it needs at least 1");
            if (activations[l] == null) throw new clnn.ModelException("layer " + (l + 1) + " has no activation; use Activation.LINEAR for none");
        }
        this.widths = new int[units.length + 1];
        widths[0] = inputs;
        System.arraycopy(units, 0, widths, 1, units.length);
        this.activations = activations.clone();
        this.weightOffsets = new int[units.length + 1];
        long offset = 0;
        for (int l = 1; l <= units.length; l++) {
            weightOffsets[l] = (int) offset;
            offset += (long) widths[l - 1] * widths[l] + widths[l];
        }
        if (offset > Integer.MAX_VALUE / 4) {
            throw new clnn.ModelException("the network has " + offset + " parameters; clnn keeps them in one array "
                    + "of at most " + Integer.MAX_VALUE / 4);
        }
        this.paramCount = (int) offset;
    }

    /**
     * The number of dense layers, L.
     *
     * @return L, at least 1
     */
    public int layers() {
        return widths.length - 1;
    }

    /**
     * The width of a layer.
     *
     * @param layer layer 0 for the input, 1..L for the dense layers
     * @return the units (the features for layer 0)
     */
    public int width(int layer) {
        return widths[layer];
    }

    /**
     * The input width, width(0).
     *
     * @return the features per row
     */
    public int inputs() {
        return widths[0];
    }

    /**
     * The output width, width(L): the logits per row.
     *
     * @return the last layer's units
     */
    public int outputs() {
        return widths[widths.length - 1];
    }

    /**
     * The activation of a dense layer.
     *
     * @param layer layer 1..L
     * @return its activation
     */
    public Activation activation(int layer) {
        return activations[layer - 1];
    }

    /**
     * Where a layer's W starts in the flat array.
     *
     * @param layer layer 1..L
     * @return the index of W[0][0]
     */
    public int weightOffset(int layer) {
        return weightOffsets[layer];
    }

    /**
     * Where a layer's b starts in the flat array, right after its W.
     *
     * @param layer layer 1..L
     * @return the index of b[0]
     */
    public int biasOffset(int layer) {
        return weightOffsets[layer] + widths[layer - 1] * widths[layer];
    }

    /**
     * The parameters of one layer, W and b.
     *
     * @param layer layer 1..L
     * @return inputs x units + units
     */
    public int layerParamCount(int layer) {
        return widths[layer - 1] * widths[layer] + widths[layer];
    }

    /**
     * The length of the flat parameter array.
     *
     * @return the parameters of every layer
     */
    public int paramCount() {
        return paramCount;
    }
}
