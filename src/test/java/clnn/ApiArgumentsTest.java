package clnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.data.Dataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's argument convention (ClnnException's Javadoc): every public method refuses a bad
 * argument with a typed ClnnException whose one-line message names the problem, never with a
 * NullPointerException, an index error, or a silently wrong answer.
 */
class ApiArgumentsTest {
    @TempDir
    Path dir;

    static Sequential small() {
        return new Sequential(new Input(3), new Dense(4, Activation.RELU), new Dense(2, Activation.LINEAR));
    }

    static Dataset data() {
        return Dataset.of(new float[][] {{1, 2, 3}, {0, 1, 0}, {2, 0, 1}}, new int[] {0, 1, 0});
    }

    /** Asserts the exception's type and that its one-line message holds every fragment. */
    static <T extends ClnnException> T refused(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        String m = e.getMessage();
        assertEquals(1, m.lines().count(), "one line: " + m);
        for (String f : fragments) assertTrue(m.contains(f), "'" + m + "' mentions '" + f + "'");
        String test = StackWalker.getInstance().walk(s -> s.skip(1).findFirst().map(StackWalker.StackFrame::getMethodName))
                .orElse("?").replaceAll("lambda\\$(\\w+)\\$\\d+", "$1");
        clnn.reliability.Refusal.row("library", test, type.getSimpleName(), "`" + m.replaceAll("/tmp/junit-?\\d+", "DIR") + "`");
        return e;
    }

    @Test
    void nonFiniteInputIsRefusedWithRowAndColumn() {
        try (Sequential m = small()) {
            m.compile(Loss.sparseCategoricalCrossentropy(true), new Adam());
            // Before: relu turned the NaN into 0 and predict answered with ordinary-looking logits.
            refused(DataException.class, () -> m.predict(new float[][] {{1, 2, 3}, {0, Float.NaN, 0}}),
                    "X(2,2) is NaN", "finite");
            refused(DataException.class, () -> m.predict(new float[][] {{Float.POSITIVE_INFINITY, 0, 0}}),
                    "X(1,1) is Infinity");
            refused(DataException.class, () -> Dataset.of(new float[][] {{1, 2, Float.NEGATIVE_INFINITY}}, new int[] {0}),
                    "X(1,3) is -Infinity");
            float[] x = {1, 2, 3, 4, 5, Float.NaN};
            refused(DataException.class, () -> new Dataset(x, new int[] {0, 1}, 3, 2, "mine"), "mine", "X(2,3) is NaN");
            Dataset good = data();
            FitOptions withNaNValidation = new FitOptions().verbose(0);
            refused(DataException.class, () -> withNaNValidation.validationData(
                    Dataset.of(new float[][] {{Float.NaN, 0, 0}}, new int[] {0})), "X(1,1) is NaN");
            assertEquals(2, m.predict(good).length / good.rows());
            // X is shared with the caller: NaN written after the data set was made is caught at the entry points too.
            good.x()[4] = Float.NaN;
            refused(DataException.class, () -> m.evaluate(good), "X(2,2) is NaN");
            refused(DataException.class, () -> m.predict(good), "X(2,2) is NaN");
            refused(DataException.class, () -> m.fit(good, new FitOptions().verbose(0)), "X(2,2) is NaN");
            refused(DataException.class, () -> m.fit(data(), new FitOptions().verbose(0).validationData(good)), "X(2,2) is NaN");
        }
    }

    @Test
    void zeroRowsAndZeroColumnsAreNamedAsSuch() {
        try (Sequential m = small()) {
            refused(DataException.class, () -> m.predict(new float[0][]), "0 rows");
            refused(DataException.class, () -> Dataset.of(new float[0][], new int[0]), "0 rows");
            refused(DataException.class, () -> Dataset.of(new float[][] {{}, {}}, new int[] {0, 0}), "0 columns");
            refused(DataException.class, () -> Dataset.unlabelled(new float[][] {{1, 2}, {1}}, 2, "rows"), "row 1 has 1");
            refused(DataException.class, () -> Dataset.of(new float[][] {{1}, null}, new int[] {0, 0}), "row 1", "null");
            refused(DataException.class, () -> Dataset.of(null, new int[] {0}), "null");
            refused(DataException.class, () -> Dataset.of(new float[][] {{1}}, null), "label array is null");
            refused(DataException.class, () -> Dataset.of(new float[][] {{1}, {2}}, new int[] {0}), "2 rows but 1 labels");
            refused(DataException.class, () -> Dataset.of(new float[][] {{1}}, new int[] {-1}), "label -1");
            refused(DataException.class, () -> Dataset.unlabelled(null, 2, "rows"), "null");
            refused(DataException.class, () -> new Dataset(null, new int[] {0}, 1, 1, "s"), "X is null");
            refused(DataException.class, () -> data().select(new int[] {7}, "x"), "row index 7");
        }
    }

    @Test
    void argmaxAndSoftmaxRefuseEmptyRows() {
        refused(DataException.class, () -> Sequential.argmax(new float[0]), "argmax", "empty");
        refused(DataException.class, () -> Sequential.argmax(null), "argmax", "null");
        refused(DataException.class, () -> Sequential.softmax(new float[0]), "softmax", "empty");
        refused(DataException.class, () -> Sequential.softmax(null), "softmax", "null");
        assertEquals(1, Sequential.argmax(new float[] {0, 2, 1}));
    }

    @Test
    void layerIndicesOutOfRangeAreNamedWithTheRange() {
        Sequential m = small();
        String range = "this model has 2 Dense layers, indices 0..1";
        // Indices are 0-based as Keras's model.layers: 0 is the first Dense layer, 2 is past the last.
        refused(ModelException.class, () -> m.kernel(2), "layer index 2 is out of range", range);
        refused(ModelException.class, () -> m.layer(2), "layer index 2 is out of range", range);
        refused(ModelException.class, () -> m.bias(2), "layer index 2 is out of range", range);
        refused(ModelException.class, () -> m.layerName(2), "layer index 2 is out of range", range);
        refused(ModelException.class, () -> m.setWeights(2, new float[4][2], new float[2]), "layer index 2", range);
        refused(ModelException.class, () -> m.kernel(-1), "layer index -1 is out of range", range);
        refused(ModelException.class, () -> m.bias(Integer.MAX_VALUE), "layer index " + Integer.MAX_VALUE, range);
        refused(ModelException.class, () -> new Sequential(new Input(3), new Dense(2, Activation.LINEAR)).kernel(1),
                "this model has 1 Dense layer, indices 0..0");
        refused(ModelException.class, () -> m.setWeights(0, null, new float[4]), "layer 0 ('dense')", "kernel", "null");
        refused(ModelException.class, () -> m.setWeights(0, new float[3][4], null), "bias", "null");
        refused(ModelException.class, () -> m.setWeights(0, new float[][] {new float[4], null, new float[4]}, new float[4]),
                "null");
        refused(ModelException.class, () -> m.setWeights(0, new float[2][4], new float[4]), "needs a kernel 3x4");
        float[][] nan = new float[3][4];
        nan[1][2] = Float.NaN;
        refused(ModelException.class, () -> m.setWeights(0, nan, new float[4]), "kernel[1][2] is NaN");
        assertEquals("dense", m.layerName(0));
        assertEquals("dense_1", m.layerName(1));
        assertEquals(3, m.kernel(0).length, "index 0 is the first Dense layer, 3 inputs wide");
        assertEquals(2, m.bias(1).length, "index 1 is the last, 2 units");
    }

    @Test
    void constructorAndCompileRefuseNulls() {
        refused(ModelException.class, () -> new Sequential((Layer[]) null), "null");
        refused(ModelException.class, () -> new Sequential(new Input(3), null), "layer 1", "null");
        refused(ModelException.class, () -> new Sequential(new Input(3)), "at least one Dense");
        refused(ModelException.class, () -> new Sequential(new Dense(3, Activation.RELU), new Dense(2, Activation.LINEAR)),
                "starts with an Input");
        try (Sequential m = small()) {
            // Before: compile(null, adam) was accepted and fit then said "compile the model before fit".
            refused(ModelException.class, () -> m.compile(null, new Adam()), "loss is null");
            refused(ModelException.class, () -> m.compile(Loss.sparseCategoricalCrossentropy(true), null), "optimizer is null");
            refused(ModelException.class, () -> m.compile(Loss.sparseCategoricalCrossentropy(true), new Adam(), null),
                    "device is null");
            refused(ModelException.class, () -> m.notices(null), "null");
            refused(ModelException.class, () -> m.fit(data(), new FitOptions()), "compile the model before fit");
            m.compile(Loss.sparseCategoricalCrossentropy(true), new Adam());
            refused(DataException.class, () -> m.fit(null, new FitOptions()), "training data are null");
            refused(ModelException.class, () -> m.fit(data(), null), "options are null");
            refused(DataException.class, () -> m.predict((Dataset) null), "null");
            refused(DataException.class, () -> m.predict((float[][]) null), "null");
            refused(DataException.class, () -> m.evaluate(null), "null");
            refused(DataException.class, () -> m.classify(null), "null");
            refused(DataException.class, () -> m.report(null), "null");
            refused(ModelException.class, () -> m.predict(new float[][] {{1, 2}}), "2 features per row", "takes 3");
        }
    }

    @Test
    void layersOptimizerLossDeviceAndOptionsCheckTheirArguments() {
        refused(ModelException.class, () -> new Dense(0, Activation.RELU), "at least 1 unit");
        refused(ModelException.class, () -> new Dense(3, null), "activation");
        // A comma in a name saved a model.mat whose clnn_names no longer matched its layer count.
        refused(ModelException.class, () -> new Dense(3, Activation.RELU, "a,b"), "comma");
        refused(ModelException.class, () -> new Dense(3, Activation.RELU, " "), "empty");
        refused(ModelException.class, () -> new Dense(3, Activation.RELU, "x\ny"), "x\\ny");
        refused(ModelException.class, () -> new Input(0), "at least 1 feature");
        refused(ModelException.class, () -> new Adam(Float.NaN), "learning rate");
        refused(ModelException.class, () -> new Adam(0.1f, 0.9f, 0.999f, Float.POSITIVE_INFINITY), "epsilon");
        refused(ModelException.class, () -> new Adam(0.1f, Float.NaN, 0.999f, 1e-7f), "betas");
        refused(ModelException.class, () -> new Adam().alpha(0), "step 0");
        refused(ModelException.class, () -> Loss.sparseCategoricalCrossentropy(false), "fromLogits");
        refused(ModelException.class, () -> Activation.parse(null), "null");
        refused(ModelException.class, () -> Activation.parse("tanh\u001b[2J"), "unknown activation", "\\e[2J");
        refused(DeviceException.class, () -> Device.parse(null), "null");
        refused(DeviceException.class, () -> Device.parse("opencl:-3"), "unknown device");
        refused(DeviceException.class, () -> new Device(null, -1), "null");
        refused(DeviceException.class, () -> new Device(Device.Kind.OPENCL, -2), "negative");
        FitOptions o = new FitOptions();
        refused(ModelException.class, () -> o.epochs(0), "epochs");
        refused(ModelException.class, () -> o.batchSize(0), "batch size");
        refused(ModelException.class, () -> o.verbose(3), "verbose");
        refused(ModelException.class, () -> o.validationSplit(Double.NaN), "validation split");
        refused(ModelException.class, () -> o.validationSplit(1), "validation split");
        refused(ModelException.class, () -> o.earlyStoppingPatience(-1), "patience");
        refused(ModelException.class, () -> o.checkpoint(-1, s -> { }), "checkpoint");
        refused(ModelException.class, () -> o.checkpoint(2, null), "sink");
        refused(ModelException.class, () -> o.output(null), "output is null");
        assertEquals(null, o.validationData(null).validationData(), "null validation data means none");
        History h = new History();
        refused(ModelException.class, h::last, "history is empty");
        refused(ModelException.class, () -> h.add(null), "null");
        refused(ModelException.class, () -> h.earlyStopping(-1, false), "negative");
    }

    @Test
    void callbacksInitialEpochAndOptimizerStateCheckTheirArguments() {
        FitOptions o = new FitOptions().verbose(0);
        refused(ModelException.class, () -> o.callbacks((Callback[]) null), "callbacks", "array is null");
        refused(ModelException.class, () -> o.callbacks(new Callback() { }, null), "callback 1 (0-based) is null");
        refused(ModelException.class, () -> o.initialEpoch(-1), "initial epoch must be >= 0");
        refused(ModelException.class, () -> new OptimizerState(-1, new float[2], new float[2]), "step -1 is negative");
        refused(ModelException.class, () -> new OptimizerState(0, null, new float[2]), "first moment array is null");
        refused(ModelException.class, () -> new OptimizerState(0, new float[2], new float[3]), "2 first moments but 3");
        refused(ModelException.class, () -> new OptimizerState(0, new float[] {0, Float.NaN}, new float[2]),
                "first moment 1 is NaN");
        refused(ModelException.class, () -> new OptimizerState(0, new float[1], new float[] {-1}),
                "second moment 0 is -1.0", "at least 0");
        try (Sequential m = small()) {
            OptimizerState fresh = OptimizerState.fresh(m.paramCount());
            refused(ModelException.class, () -> m.setOptimizerState(fresh), "compile the model before setOptimizerState");
            m.compile(Loss.sparseCategoricalCrossentropy(true), new Adam());
            refused(ModelException.class, () -> m.setOptimizerState(null), "state is null");
            refused(ModelException.class, () -> m.setOptimizerState(OptimizerState.fresh(5)),
                    "moments for 5 parameters but the model has " + m.paramCount());
            refused(ModelException.class, () -> m.fit(data(), new FitOptions().verbose(0).epochs(2).initialEpoch(2)),
                    "initial epoch 2 leaves nothing to train with epochs 2");
            TrainingState state = new TrainingState(1, 0, m.flatParams(), new float[m.paramCount()],
                    new float[m.paramCount()], java.util.List.of(), null, Double.NaN, 0, 0);
            refused(ModelException.class, () -> m.fit(data(), new FitOptions().verbose(0).epochs(3).initialEpoch(1)
                    .resumeFrom(state)), "an initial epoch or a state to resume from, not both");
            Callback negative = new Callback() {
                @Override
                public int batchEndEvery() {
                    return -2;
                }
            };
            refused(ModelException.class, () -> m.fit(data(), new FitOptions().verbose(0).callbacks(negative)),
                    "batchEndEvery() is -2");
            Callback zero = new Callback() {
                @Override
                public long batchEndIntervalNanos() {
                    return 0;
                }
            };
            refused(ModelException.class, () -> m.fit(data(), new FitOptions().verbose(0).callbacks(zero)),
                    "batchEndIntervalNanos() is 0");
            assertEquals(0, m.optimizerState().step(), "refused fits leave Adam where it was");
        }
    }

    @Test
    void reportChecksItsArraysAndLeavesOutHugeMatrices() {
        Evaluation e = new Evaluation(0, 1, 0, 1);
        refused(DataException.class, () -> ClassificationReport.of(e, null, new int[1], 2), "labels are null");
        refused(DataException.class, () -> ClassificationReport.of(e, new int[2], new int[1], 2), "2 labels but 1");
        refused(DataException.class, () -> ClassificationReport.of(e, new int[] {5}, new int[] {0}, 2), "label 5");
        refused(DataException.class, () -> ClassificationReport.of(e, new int[] {0}, new int[] {0}, 2).precision(2),
                "class 2 does not exist");
        // Before: 40,000 classes allocated a 40000x40000 matrix (6.4 GB) for evaluate's report.
        int k = 40_000;
        ClassificationReport r = ClassificationReport.of(e, new int[] {3, k - 1}, new int[] {3, 0}, k);
        assertFalse(r.hasConfusion());
        assertEquals(1.0, r.recall(3));
        assertEquals(0.0, r.recall(k - 1));
        assertEquals(1, r.support(k - 1));
        assertTrue(r.render().contains("confusion matrix left out: 40000 classes (it is shown up to 1000)"),
                r.render().substring(0, 200));
    }

    @Test
    void filesRefuseNullArguments(@TempDir Path tmp) {
        Sequential m = small();
        refused(ModelException.class, () -> ModelFiles.save(null, tmp.resolve("m.mat"), clnn.data.LabelRemap.NONE), "model is null");
        refused(ModelException.class, () -> ModelFiles.save(m, null, clnn.data.LabelRemap.NONE), "file is null");
        refused(ModelException.class, () -> ModelFiles.save(m, tmp.resolve("m.mat"), null), "label mapping is null");
        refused(ModelException.class, () -> ModelFiles.load(null), "file is null");
        refused(ModelException.class, () -> ModelFiles.loadWeights(null, tmp.resolve("m.mat")), "model is null");
        refused(ModelException.class, () -> ModelFiles.loadWeights(m, null), "file is null");
        refused(DataException.class, () -> CheckpointFiles.load(null), "null");
        refused(DataException.class, () -> CheckpointFiles.save(tmp.resolve("c.mat"), null, java.util.List.of(), "f"),
                "state is null");
        ModelFiles.save(m, tmp.resolve("m.mat"), clnn.data.LabelRemap.of(10));
        assertEquals(10, ModelFiles.load(tmp.resolve("m.mat")).mappedLabel());
    }
}
