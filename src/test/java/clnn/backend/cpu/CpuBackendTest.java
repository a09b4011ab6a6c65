package clnn.backend.cpu;

import static clnn.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Activation;
import clnn.Adam;
import clnn.backend.AdamUpdate;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.Epilogue;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.backend.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

/** Known answers for the reference ops, computed by hand. */
class CpuBackendTest {
    private final CpuBackend cpu = new CpuBackend();

    private DeviceFloats of(String name, float... v) {
        DeviceFloats d = cpu.allocFloats(name, v.length);
        cpu.upload(v, d);
        return d;
    }

    private float[] get(DeviceFloats d) {
        float[] out = new float[d.length()];
        cpu.download(d, out);
        return out;
    }

    @Test
    void gemmInEveryTransposeForm() {
        // A = [1 2; 3 4], B = [5 6; 7 8]
        DeviceFloats a = of("a", 1, 2, 3, 4);
        DeviceFloats b = of("b", 5, 6, 7, 8);
        DeviceFloats c = cpu.allocFloats("c", 4);
        float[][] expected = {
            {19, 22, 43, 50}, // A B
            {17, 23, 39, 53}, // A B^T
            {26, 30, 38, 44}, // A^T B
            {23, 31, 34, 46}, // A^T B^T
        };
        for (int form = 0; form < 4; form++) {
            boolean ta = form >= 2;
            boolean tb = form % 2 == 1;
            cpu.gemm(new Gemm(ta, tb, 2, 2, 2, new Operand(a, 0, 2), null, new Operand(b, 0, 2), new Operand(c, 0, 2),
                    Epilogue.NONE), 0);
            assertArrayEquals(expected[form], get(c), "form " + form);
        }
    }

    @Test
    void gemmGathersRowsAndAppliesBiasAndRelu() {
        // Stored rows: r0 = [1 0], r1 = [0 1], r2 = [2 2]; the gather reads rows 2 then 0 (index offset 1).
        DeviceFloats a = of("a", 1, 0, 0, 1, 2, 2);
        DeviceInts rows = cpu.allocInts("rows", 3);
        cpu.upload(new int[] {9, 2, 0}, rows);
        DeviceFloats w = of("w", 1, -1, 1, -3); // W = [1 -1; 1 -3]
        DeviceFloats bias = of("bias", 0.5f, 1f);
        DeviceFloats c = cpu.allocFloats("c", 4);
        cpu.gemm(new Gemm(false, false, 2, 2, 2, new Operand(a, 0, 2), rows, new Operand(w, 0, 2), new Operand(c, 0, 2),
                new Epilogue.BiasActivation(Operand.vector(bias, 0), Activation.RELU)), 1);
        // row [2 2]: [4 -8] + [0.5 1] -> relu [4.5 0]; row [1 0]: [1 -1] + [0.5 1] -> [1.5 0]
        assertArrayEquals(new float[] {4.5f, 0f, 1.5f, 0f}, get(c));
    }

    @Test
    void gemmActivationGradientAndBiasGradient() {
        DeviceFloats a = of("a", 1, 2, 3, 4);
        DeviceFloats b = of("b", 1, 0, 0, 1);
        DeviceFloats out = of("out", 0.5f, 0f, 0.25f, 1f); // sigmoid outputs; relu mask is out > 0
        DeviceFloats c = cpu.allocFloats("c", 4);
        cpu.gemm(new Gemm(false, false, 2, 2, 2, new Operand(a, 0, 2), null, new Operand(b, 0, 2), new Operand(c, 0, 2),
                new Epilogue.ActivationGradient(new Operand(out, 0, 2), Activation.RELU)), 0);
        assertArrayEquals(new float[] {1, 0, 3, 4}, get(c));
        cpu.gemm(new Gemm(false, false, 2, 2, 2, new Operand(a, 0, 2), null, new Operand(b, 0, 2), new Operand(c, 0, 2),
                new Epilogue.ActivationGradient(new Operand(out, 0, 2), Activation.SIGMOID)), 0);
        assertArrayEquals(new float[] {1 * 0.25f, 0, 3 * 0.1875f, 0}, get(c));
        DeviceFloats db = cpu.allocFloats("db", 2);
        // dW = A^T B with B = dZ = [1 2; 3 4]: db = column sums of dZ = [4 6]
        cpu.gemm(new Gemm(true, false, 2, 2, 2, new Operand(b, 0, 2), null, new Operand(a, 0, 2), new Operand(c, 0, 2),
                new Epilogue.BiasGradient(Operand.vector(db, 0))), 0);
        assertArrayEquals(new float[] {4, 6}, get(db));
        assertArrayEquals(new float[] {1, 2, 3, 4}, get(c));
    }

    @Test
    void crossEntropyOfAHandComputedRow() {
        DeviceFloats z = of("z", 1, 2, 3);
        DeviceInts y = cpu.allocInts("y", 1);
        cpu.upload(new int[] {2}, y);
        DeviceFloats grad = cpu.allocFloats("grad", 3);
        DeviceFloats metrics = cpu.allocFloats("metrics", SoftmaxCrossEntropy.METRIC_COUNT);
        cpu.softmaxCrossEntropy(new SoftmaxCrossEntropy(new Operand(z, 0, 3), 1, 3, y, null, new Operand(grad, 0, 3),
                metrics), 0);
        double sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertClose("loss", Math.log(sum) - 3, get(metrics)[0], 1e-6, 1e-6); // 0.40760596
        assertEquals(1f, get(metrics)[1], "argmax 2 is the label");
        float[] expected = {(float) (Math.exp(1) / sum), (float) (Math.exp(2) / sum), (float) (Math.exp(3) / sum - 1)};
        assertClose("gradient", expected, get(grad), 1e-7, 1e-6);
    }

    @Test
    void softmaxOfHugeLogitsStaysFinite() {
        DeviceFloats z = of("z", 1000f, 0f, -1000f, 3e38f, -3e38f, 0f);
        DeviceInts y = cpu.allocInts("y", 2);
        cpu.upload(new int[] {1, 0}, y);
        DeviceFloats grad = cpu.allocFloats("grad", 6);
        DeviceFloats metrics = cpu.allocFloats("metrics", SoftmaxCrossEntropy.METRIC_COUNT);
        cpu.softmaxCrossEntropy(new SoftmaxCrossEntropy(new Operand(z, 0, 3), 2, 3, y, null, new Operand(grad, 0, 3),
                metrics), 0);
        float[] m = get(metrics);
        // Row 1: label 1 is 1000 below the max: loss 1000. Row 2: label 0 is the max: loss 0.
        assertClose("loss sum", 1000, m[0], 1e-3, 1e-6);
        assertEquals(1f, m[1]);
        for (float g : get(grad)) assertTrue(Float.isFinite(g), "gradient finite");
        // Gradients are means over the 2 rows: row 1 = ([1 0 0] - [0 1 0]) / 2.
        assertArrayEquals(new float[] {0.5f, -0.5f, 0f, 0f, 0f, 0f}, get(grad));
    }

    @Test
    void oneAdamStepByHand() {
        DeviceFloats w = of("w", 1f, -2f);
        DeviceFloats g = of("g", 0.5f, -0.1f);
        DeviceFloats m = of("m", 0f, 0f);
        DeviceFloats v = of("v", 0f, 0f);
        Adam adam = new Adam(0.001f);
        cpu.adam(new AdamUpdate(w, g, m, v, 2, adam), 1);
        double alpha = 0.001 * Math.sqrt(1 - 0.999) / (1 - 0.9);
        // (1 - beta) is taken in float32, as Keras does: 1 - 0.999f = 0.00099998713.
        double oneMinusB1 = 1f - 0.9f;
        double oneMinusB2 = 1f - 0.999f;
        double m0 = oneMinusB1 * 0.5;
        double v0 = oneMinusB2 * 0.25;
        double m1 = oneMinusB1 * -0.1;
        double v1 = oneMinusB2 * 0.01;
        assertClose("m", new float[] {(float) m0, (float) m1}, get(m), 1e-9, 1e-6);
        assertClose("v", new float[] {(float) v0, (float) v1}, get(v), 1e-10, 1e-6);
        // At t = 1, alpha * m / sqrt(v) = lr * sign(g): the first step moves each weight by ~lr.
        float[] expected = {(float) (1 - alpha * m0 / (Math.sqrt(v0) + 1e-7)), (float) (-2 - alpha * m1 / (Math.sqrt(v1) + 1e-7))};
        assertClose("w", expected, get(w), 1e-7, 1e-6);
        assertClose("first step is lr", 0.999, get(w)[0], 1e-6, 0);
    }

    @Test
    void closingFreesEveryArray() {
        of("x", 1, 2, 3);
        cpu.allocInts("y", 5);
        assertEquals(2, cpu.counters().liveArrays());
        cpu.close();
        cpu.close();
        assertEquals(0, cpu.counters().liveArrays());
        assertEquals(0, cpu.counters().liveBytes());
    }
}
