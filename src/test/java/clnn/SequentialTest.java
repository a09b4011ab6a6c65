package clnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.data.Dataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Keras-shaped API: summary, Glorot initialisation, weights, predict and softmax, saving and loading. */
class SequentialTest {
    @TempDir
    Path dir;

    static Sequential reference() {
        return new Sequential(new Input(400), new Dense(25, Activation.RELU), new Dense(15, Activation.RELU),
                new Dense(10, Activation.LINEAR));
    }

    @Test
    void summaryMatchesKeras() {
        String s = reference().summary();
        assertTrue(s.contains("│ dense (Dense)                   │ (None, 25)             │        10,025 │"), s);
        assertTrue(s.contains("│ dense_1 (Dense)                 │ (None, 15)             │           390 │"), s);
        assertTrue(s.contains("│ dense_2 (Dense)                 │ (None, 10)             │           160 │"), s);
        assertTrue(s.contains(" Total params: 10,575 (41.31 KB)"), s);
        assertEquals(10_575, reference().paramCount());
    }

    @Test
    void glorotUniformKernelsAndZeroBiases() {
        Sequential m = reference();
        for (int l = 0; l < 3; l++) {
            float[][] w = m.kernel(l);
            int in = w.length;
            int out = w[0].length;
            double limit = Math.sqrt(6.0 / (in + out));
            double sum = 0;
            double sq = 0;
            for (float[] row : w) {
                for (float v : row) {
                    assertTrue(Math.abs(v) <= limit, "|" + v + "| <= " + limit);
                    sum += v;
                    sq += v * v;
                }
            }
            int count = in * out;
            // Uniform(-limit, limit): mean 0, variance limit^2 / 3. Loose bounds for the smallest layer (150 values).
            assertTrue(Math.abs(sum / count) < limit * 0.2, "mean near 0");
            assertEquals(limit * limit / 3, sq / count, limit * limit / 3 * 0.35, "variance limit^2/3");
            assertArrayEquals(new float[out], m.bias(l), "zero biases");
        }
        assertArrayEquals(reference().flatParams(), reference().flatParams(), "the default seed repeats");
    }

    @Test
    void predictGivesLogitsAndSoftmaxSumsToOne() {
        Sequential m = new Sequential(new Input(2), new Dense(2, Activation.LINEAR));
        m.setWeights(0, new float[][] {{1, 0}, {0, 2}}, new float[] {0.5f, -1f});
        float[][] logits = m.predict(new float[][] {{1, 1}, {3, -1}});
        assertArrayEquals(new float[] {1.5f, 1f}, logits[0]);
        assertArrayEquals(new float[] {3.5f, -3f}, logits[1]);
        float[] p = Sequential.softmax(new float[] {1000f, 1000f, -1000f});
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, p);
        assertEquals(1, Sequential.argmax(new float[] {0.1f, 0.7f, 0.7f}), "first maximum, like numpy");
    }

    @Test
    void errorsCountCompareLabelsOneToOne() {
        // The notebook's mistake: comparing yhat (n,) with y (n,1) broadcasts to n x n and counts 4499
        // "errors". clnn keeps labels as one int per row; errors must equal the element-wise count.
        Sequential m = new Sequential(new Input(1), new Dense(2, Activation.LINEAR));
        m.setWeights(0, new float[][] {{1, -1}}, new float[] {0, 0});
        float[][] x = {{1}, {-1}, {2}, {-3}, {4}};
        int[] y = {0, 1, 1, 1, 0};
        Evaluation e = m.evaluate(Dataset.of(x, y));
        int manual = 0;
        float[][] logits = m.predict(x);
        for (int i = 0; i < y.length; i++) if (Sequential.argmax(logits[i]) != y[i]) manual++;
        assertEquals(1, manual, "only row 2 (x = 2, predicted 0) is wrong");
        assertEquals(manual, e.errors());
        assertEquals(0.8, e.accuracy(), 1e-12);
    }

    @Test
    void savedModelLoadsBackWithIdenticalPredictions() {
        Sequential m = reference().initialize(99);
        Path file = dir.resolve("model.mat");
        ModelFiles.save(m, file, clnn.data.LabelRemap.of(10));
        ModelFiles.Loaded back = ModelFiles.load(file);
        assertEquals("10->0", back.labelMapping());
        assertArrayEquals(m.flatParams(), back.model().flatParams(), "float32 weights survive the double round trip");
        float[][] x = new float[7][400];
        for (int i = 0; i < 7; i++) for (int j = 0; j < 400; j++) x[i][j] = (float) Math.sin(i * 400 + j);
        float[][] a = m.predict(x);
        float[][] b = back.model().predict(x);
        for (int i = 0; i < 7; i++) assertArrayEquals(a[i], b[i]);
        assertEquals("dense_1", back.model().layerName(1));
        // Keras's way: model.save(path) and load_model(path).
        Path plain = dir.resolve("plain.mat");
        m.save(plain);
        assertArrayEquals(m.flatParams(), Sequential.load(plain).flatParams());
        assertEquals("none", ModelFiles.load(plain).labelMapping());
    }

    @Test
    void misuseGetsOneClearMessage() {
        assertThrows(ModelException.class, () -> new Sequential(new Dense(3, Activation.RELU)));
        Sequential sig = new Sequential(new Input(2), new Dense(2, Activation.SIGMOID));
        String m = assertThrows(ModelException.class, () -> sig.compile(Loss.sparseCategoricalCrossentropy(true),
                new Adam())).getMessage();
        assertTrue(m.contains("last layer must be linear"), m);
        assertThrows(ModelException.class, () -> Loss.sparseCategoricalCrossentropy(false));
        Sequential ok = new Sequential(new Input(2), new Dense(2, Activation.LINEAR));
        assertThrows(ModelException.class, () -> ok.fit(Dataset.of(new float[][] {{1, 2}}, new int[] {1}),
                new FitOptions()), "fit before compile");
        ok.compile(Loss.sparseCategoricalCrossentropy(true), new Adam());
        String w = assertThrows(ModelException.class, () -> ok.predict(new float[][] {{1, 2, 3}})).getMessage();
        assertTrue(w.contains("3 features") && w.contains("takes 2"), w);
    }

    @Test
    void setParamsReplacesEveryParameterInFlatParamsLayout() {
        Sequential a = reference();
        Sequential b = reference();
        float[] p = a.flatParams();
        p[0] = 0.25f;
        b.setParams(p);
        assertArrayEquals(p, b.flatParams());
        assertEquals(0.25f, b.kernel(0)[0][0], "flat index 0 is the first layer's kernel[0][0]");
        assertThrows(ModelException.class, () -> b.setParams(new float[3]));
        p[5] = Float.NaN;
        assertThrows(ModelException.class, () -> b.setParams(p));
        assertThrows(ModelException.class, () -> b.setParams(null));
    }

    @Test
    void aDatasetCanNameItsClassCount() {
        float[][] rows = {{0f, 1f}, {1f, 0f}};
        assertEquals(2, Dataset.of(rows, new int[] {0, 1}).classes(), "inferred from the largest label");
        assertEquals(10, Dataset.of(rows, new int[] {0, 1}, 10).classes(), "a subset missing the top classes");
        assertThrows(DataException.class, () -> Dataset.of(rows, new int[] {0, 5}, 3));
    }
}
