package clnn.check;

import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.Operand;
import clnn.backend.SoftmaxCrossEntropy;
import java.util.Random;

/**
 * One softmax_cross_entropy case runnable on any backend: logits in a padded matrix at an offset, labels
 * read through a shuffled index (or directly), metrics accumulated on top of non-zero starting
 * values; optionally a NaN logit, to check where divergence is recorded. {@link #run} returns the
 * gradient rows followed by the metrics. The list every backend is checked on is
 * {@link SoftmaxCrossEntropyOp#cases}.
 *
 * @param rows         rows in the batch
 * @param classes      logits per row
 * @param gather       whether labels are read through a shuffled index at a non-zero offset
 * @param withGradient whether the gradient is written (false: evaluation only)
 * @param scale        logits are uniform in [-scale, scale)
 * @param seed         seeds every input of the case
 * @param nanLogit     whether one logit is NaN, to check the divergence slot
 */
public record SoftmaxCrossEntropyCase(int rows, int classes, boolean gather, boolean withGradient, float scale, long seed,
                              boolean nanLogit) implements OpCase {

    /**
     * A case without a NaN logit.
     *
     * @param rows         rows in the batch
     * @param classes      logits per row
     * @param gather       whether labels are read through a shuffled index
     * @param withGradient whether the gradient is written
     * @param scale        logits are uniform in [-scale, scale)
     * @param seed         seeds every input of the case
     */
    public SoftmaxCrossEntropyCase(int rows, int classes, boolean gather, boolean withGradient, float scale, long seed) {
        this(rows, classes, gather, withGradient, scale, seed, false);
    }

    @Override
    public String toString() {
        return "rows=" + rows + " classes=" + classes + (gather ? " gather" : "") + (withGradient ? "" : " no-grad")
                + " scale=" + scale + (nanLogit ? " with a NaN logit" : "");
    }

    /** "32x10_gather_grad_scale1", "32x10_gather_grad_scale1_nan". */
    @Override
    public String name() {
        return rows + "x" + classes + (gather ? "_gather" : "") + (withGradient ? "_grad" : "_nograd") + "_scale"
                + (int) scale + (nanLogit ? "_nan" : "");
    }

    /** Dominated by exp and log, not multiply-adds: no FLOP count. */
    @Override
    public long flops() {
        return 0;
    }

    /** The logits, the gradient written, the labels (and the gather's index), the metrics read and written. */
    @Override
    public long bytes() {
        long elements = (long) rows * classes;
        return 4 * (elements + (withGradient ? elements : 0) + rows + (gather ? rows : 0)
                + 2L * SoftmaxCrossEntropy.METRIC_COUNT);
    }

    @Override
    public Prepared prepare(Backend backend) {
        Random r = new Random(seed);
        int ld = classes + 2;
        int zOff = 3;
        int total = rows + 9;
        float[] z = new float[zOff + rows * ld];
        for (int i = 0; i < z.length; i++) z[i] = (r.nextFloat() * 2 - 1) * scale;
        // A diverged network: one NaN logit in the last row, so the batch loss is NaN.
        if (nanLogit) z[zOff + (rows - 1) * ld] = Float.NaN;
        int[] labels = new int[total];
        for (int i = 0; i < total; i++) labels[i] = r.nextInt(classes);
        int indexOffset = gather ? 5 : 0;
        int[] index = new int[indexOffset + rows];
        for (int i = 0; i < rows; i++) index[indexOffset + i] = gather ? r.nextInt(total) : i;
        CaseArrays arrays = new CaseArrays(backend);
        try {
            DeviceFloats logits = arrays.floats("logits", z.length);
            DeviceFloats grad = arrays.floats("grad", zOff + rows * ld);
            DeviceFloats metrics = arrays.floats("metrics", SoftmaxCrossEntropy.METRIC_COUNT);
            DeviceInts y = arrays.ints("labels", total);
            DeviceInts idx = arrays.ints("index", index.length);
            backend.upload(z, logits);
            backend.upload(labels, y);
            backend.upload(index, idx);
            backend.upload(new float[] {1.5f, 2f, 7f, 0f}, metrics);
            backend.fill(grad, -7f);
            SoftmaxCrossEntropy call = new SoftmaxCrossEntropy(new Operand(logits, zOff, ld), rows, classes, y,
                    gather ? idx : null, withGradient ? new Operand(grad, zOff, ld) : null, metrics);
            return arrays.prepared(() -> backend.softmaxCrossEntropy(call, gather ? indexOffset : 0), () -> {
                float[] g = arrays.read(grad);
                float[] m = arrays.read(metrics);
                float[] out = new float[rows * classes + m.length];
                for (int i = 0; i < rows; i++) System.arraycopy(g, zOff + i * ld, out, i * classes, classes);
                System.arraycopy(m, 0, out, rows * classes, m.length);
                return out;
            });
        } catch (RuntimeException ex) {
            arrays.close();
            throw ex;
        }
    }
}
