package clnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import clnn.data.Dataset;
import org.junit.jupiter.api.Test;

/** Keras keeps the optimizer between fits: a second fit continues Adam's step and moments; compile starts afresh. */
class ContinuedFitTest {
    static final Dataset DATA = CallbackTest.data();

    static Sequential model() {
        return CallbackTest.model();
    }

    @Test
    void twoFitsWithInitialEpochEqualOneLongFit() {
        try (Sequential once = model(); Sequential twice = model()) {
            History whole = once.fit(DATA, new FitOptions().epochs(4).verbose(0).seed(9));
            twice.fit(DATA, new FitOptions().epochs(2).verbose(0).seed(9));
            History rest = twice.fit(DATA, new FitOptions().epochs(4).initialEpoch(2).verbose(0).seed(9));
            assertArrayEquals(once.flatParams(), twice.flatParams(), "bit for bit on the CPU path");
            assertEquals(once.optimizerState(), twice.optimizerState());
            assertEquals(4 * 7, twice.optimizerState().step());
            assertEquals(2, rest.size());
            assertEquals(3, rest.epochs().get(0).epoch(), "the continued fit numbers its epochs on, as Keras's initial_epoch");
            assertEquals(whole.epochs().get(3).loss(), rest.epochs().get(1).loss());
        }
    }

    @Test
    void withoutShufflingTwoPlainFitsEqualOneLongFit() {
        // Without initialEpoch the second fit shuffles as epochs 1 and 2 again; without shuffling order is the same.
        try (Sequential once = model(); Sequential twice = model()) {
            once.fit(DATA, new FitOptions().epochs(4).shuffle(false).verbose(0));
            twice.fit(DATA, new FitOptions().epochs(2).shuffle(false).verbose(0));
            twice.fit(DATA, new FitOptions().epochs(2).shuffle(false).verbose(0));
            assertArrayEquals(once.flatParams(), twice.flatParams());
        }
    }

    @Test
    void compileStartsAdamAfresh() {
        try (Sequential a = model(); Sequential b = model()) {
            a.fit(DATA, new FitOptions().epochs(2).shuffle(false).verbose(0));
            b.fit(DATA, new FitOptions().epochs(2).shuffle(false).verbose(0));
            assertEquals(14, a.optimizerState().step());
            a.compile(Loss.sparseCategoricalCrossentropy(true), new Adam(0.01f));
            assertEquals(OptimizerState.fresh(a.paramCount()), a.optimizerState());
            a.fit(DATA, new FitOptions().epochs(2).shuffle(false).verbose(0));
            b.fit(DATA, new FitOptions().epochs(2).shuffle(false).verbose(0));
            // The same weights before the second fit, but b continued Adam and a restarted it.
            assertFalse(java.util.Arrays.equals(a.flatParams(), b.flatParams()), "a restart is not a continuation");
            assertEquals(14, a.optimizerState().step());
            assertEquals(28, b.optimizerState().step());
        }
    }

    @Test
    void setAndGetRoundTripAndCarryToAnotherModel() {
        try (Sequential a = model(); Sequential b = model()) {
            a.fit(DATA, new FitOptions().epochs(2).verbose(0));
            OptimizerState s = a.optimizerState();
            assertEquals(14, s.step());
            assertNotEquals(OptimizerState.fresh(a.paramCount()), s);
            // A copy in and out: changing the arrays handed out changes nothing.
            s.m()[0] = 1e9f;
            assertEquals(s, a.optimizerState());
            b.setParams(a.flatParams());
            b.setOptimizerState(s);
            assertEquals(s, b.optimizerState());
            a.fit(DATA, new FitOptions().epochs(3).initialEpoch(2).verbose(0));
            b.fit(DATA, new FitOptions().epochs(3).initialEpoch(2).verbose(0));
            assertArrayEquals(a.flatParams(), b.flatParams(), "weights plus optimizer state continue a fit anywhere");
        }
    }

    @Test
    void aCheckpointsStateIsTheOptimizerStateOfItsEpoch() {
        TrainingState[] saved = new TrainingState[1];
        try (Sequential a = model(); Sequential b = model()) {
            a.fit(DATA, new FitOptions().epochs(2).verbose(0).checkpoint(2, st -> saved[0] = st));
            assertEquals(a.optimizerState(), saved[0].optimizerState());
            assertArrayEquals(a.flatParams(), saved[0].params());
            // Resuming brings the state's moments, whatever the model held.
            a.fit(DATA, new FitOptions().epochs(3).verbose(0).resumeFrom(saved[0]));
            b.fit(DATA, new FitOptions().epochs(3).verbose(0).resumeFrom(saved[0]));
            assertArrayEquals(a.flatParams(), b.flatParams());
            assertEquals(a.optimizerState(), b.optimizerState());
        }
    }
}
