package clnn.train;

import clnn.backend.Backend;
import clnn.backend.DenseTail;
import clnn.backend.DeviceFloats;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.backend.TrainingSteps;
import java.util.ArrayList;
import java.util.List;

/**
 * Every backend call of one step for a batch of {@code rows} rows, built once so that running a
 * step allocates nothing. A training plan is
 * <pre>
 *   forward,  l = 1..L:  A_l  = act_l(A_{l-1} W_l + b_l)          (A_0 = rows of X gathered by index)
 *   loss:                dZ_L = (softmax(A_L) - onehot(y)) / rows, metrics += (loss sum, correct)
 *   backward, l = L..1:  dW_l = A_{l-1}^T dZ_l,  db_l = column sums of dZ_l
 *                        dZ_{l-1} = (dZ_l W_l^T) * act'_{l-1}(A_{l-1})      (l > 1 only)
 * </pre>
 * A training plan runs as: layer 1's forward GEMM, one {@link DenseTail} call holding layers 2..L's
 * forward GEMMs, the loss and their backward GEMMs down to dZ_1 (a backend may fuse it), then layer
 * 1's weight gradient. A one-layer network has no dense tail. An evaluation plan has the forward pass and
 * the loss without its gradient.
 */
final class StepPlan {
    final int rows;
    final Gemm[] forward;
    final SoftmaxCrossEntropy loss;
    final Gemm[] backward;
    /** Layers 2..L, the loss and their backward pass as one call; null for one-layer networks and evaluation. */
    final DenseTail denseTail;
    private final TrainingSteps.Step calls;

    private StepPlan(int rows, Gemm[] forward, SoftmaxCrossEntropy loss, Gemm[] backward) {
        this.rows = rows;
        this.forward = forward;
        this.loss = loss;
        this.backward = backward;
        this.denseTail = null;
        this.calls = new TrainingSteps.Step(rows, forward, loss, backward, null);
    }

    private StepPlan(int rows, Gemm[] forward, SoftmaxCrossEntropy loss, Gemm[] backward, DenseTail denseTail) {
        this.rows = rows;
        this.forward = forward;
        this.loss = loss;
        this.backward = backward;
        this.denseTail = denseTail;
        this.calls = new TrainingSteps.Step(rows, forward, loss, backward, denseTail);
    }

    /** Enqueues the whole step (Adam aside) on {@code backend}; {@code offset} is where the batch starts. */
    void run(Backend backend, int offset) {
        calls.run(backend, offset);
    }

    /** The same calls as the backend's description of a step, for {@link TrainingSteps}. */
    TrainingSteps.Step calls() {
        return calls;
    }

    static StepPlan training(NetworkShape s, int rows, DeviceData data, DeviceFloats params, DeviceFloats grads,
                             Workspace ws, DeviceFloats metrics) {
        Gemm[] forward = forward(s, rows, data, params, ws);
        int last = s.layers();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(new Operand(ws.activations[last], 0, s.outputs()), rows,
                s.outputs(), data.y, data.index, new Operand(ws.deltas[last], 0, s.outputs()), metrics);
        List<Gemm> backward = new ArrayList<>();
        for (int l = last; l >= 1; l--) {
            int in = s.width(l - 1);
            int out = s.width(l);
            Operand dZ = new Operand(ws.deltas[l], 0, out);
            // dW_l (in x out) = A_{l-1}^T (in x rows) . dZ_l (rows x out); db_l rides along as column sums of dZ_l.
            backward.add(new Gemm(true, false, in, out, rows, input(s, l, data, ws), l == 1 ? data.index : null, dZ,
                    new Operand(grads, s.weightOffset(l), out),
                    new Epilogue.BiasGradient(Operand.vector(grads, s.biasOffset(l)))));
            if (l > 1) {
                // dZ_{l-1} (rows x in) = dZ_l (rows x out) . W_l^T (out x in), masked by act'(A_{l-1}).
                Operand prev = new Operand(ws.activations[l - 1], 0, in);
                backward.add(new Gemm(false, true, rows, in, out, dZ, null, new Operand(params, s.weightOffset(l), out),
                        new Operand(ws.deltas[l - 1], 0, in), new Epilogue.ActivationGradient(prev, s.activation(l - 1))));
            }
        }
        Gemm[] back = backward.toArray(new Gemm[0]);
        if (last == 1) return new StepPlan(rows, forward, loss, back);
        // The dense tail: forward of layers 2..L, the loss, and every backward GEMM but layer 1's dW.
        long macs = 0;
        for (int l = 2; l <= last; l++) macs += 3L * rows * s.width(l - 1) * s.width(l);
        DenseTail denseTail = new DenseTail(rows, last - 1, macs, java.util.Arrays.copyOfRange(forward, 1, last), loss,
                java.util.Arrays.copyOf(back, back.length - 1));
        return new StepPlan(rows, forward, loss, back, denseTail);
    }

    static StepPlan evaluation(NetworkShape s, int rows, DeviceData data, DeviceFloats params, Workspace ws,
                               DeviceFloats metrics) {
        int last = s.layers();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(new Operand(ws.activations[last], 0, s.outputs()), rows,
                s.outputs(), data.y, data.index, null, metrics);
        return new StepPlan(rows, forward(s, rows, data, params, ws), loss, new Gemm[0]);
    }

    private static Gemm[] forward(NetworkShape s, int rows, DeviceData data, DeviceFloats params, Workspace ws) {
        Gemm[] forward = new Gemm[s.layers()];
        for (int l = 1; l <= s.layers(); l++) {
            int in = s.width(l - 1);
            int out = s.width(l);
            forward[l - 1] = new Gemm(false, false, rows, out, in, input(s, l, data, ws), l == 1 ? data.index : null,
                    new Operand(params, s.weightOffset(l), out), new Operand(ws.activations[l], 0, out),
                    new Epilogue.BiasActivation(Operand.vector(params, s.biasOffset(l)), s.activation(l)));
        }
        return forward;
    }

    /** A_{l-1}: the data set's X (read through the index) for layer 1, else the previous activations. */
    private static Operand input(NetworkShape s, int l, DeviceData data, Workspace ws) {
        return l == 1 ? new Operand(data.x, 0, s.inputs()) : new Operand(ws.activations[l - 1], 0, s.width(l - 1));
    }
}
