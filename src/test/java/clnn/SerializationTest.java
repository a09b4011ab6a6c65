package clnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import clnn.data.Dataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value types a caller hands to a worker process survive Java serialization with equal content. */
class SerializationTest {
    @SuppressWarnings("unchecked")
    static <T extends Serializable> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                T back = (T) in.readObject();
                if (!(value instanceof Enum)) assertNotSame(value, back, "a copy, not the object itself");
                return back;
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError("round trip of " + value.getClass().getSimpleName() + " failed", e);
        }
    }

    @Test
    void layersOptimizerLossAndActivationRoundTrip() {
        Layer[] stack = {new Input(12), new Dense(9, Activation.RELU, "hidden"), new Dense(4, Activation.LINEAR)};
        Layer[] back = roundTrip(stack);
        assertArrayEquals(stack, back);
        assertEquals(new Adam(0.01f, 0.8f, 0.99f, 1e-6f), roundTrip(new Adam(0.01f, 0.8f, 0.99f, 1e-6f)));
        assertEquals(Loss.sparseCategoricalCrossentropy(true), roundTrip(Loss.sparseCategoricalCrossentropy(true)));
        assertEquals(Activation.SIGMOID, roundTrip(Activation.SIGMOID));
        // A model rebuilt from the round-tripped specs is the same model.
        assertArrayEquals(new Sequential(stack).flatParams(), new Sequential(back).flatParams());
    }

    @Test
    void datasetRoundTripsAndIsCheckedAgainOnTheWayIn() {
        Dataset d = CallbackTest.data();
        Dataset back = roundTrip(d);
        assertArrayEquals(d.x(), back.x());
        assertArrayEquals(d.y(), back.y());
        assertEquals(d.features(), back.features());
        assertEquals(d.classes(), back.classes());
        assertEquals(d.source(), back.source());
        assertEquals(d.fingerprint(), back.fingerprint());
        // A record is rebuilt through its constructor: a stream holding NaN features is refused like the arrays are.
        d.x()[5] = Float.NaN;
        AssertionError e = assertThrows(AssertionError.class, () -> roundTrip(d));
        assertEquals(DataException.class, rootCause(e).getClass());
    }

    @Test
    void optimizerStateHistoryAndTrainingStateRoundTrip() {
        List<TrainingState> states = new ArrayList<>();
        History h;
        OptimizerState s;
        try (Sequential m = CallbackTest.model()) {
            h = m.fit(CallbackTest.data(), new FitOptions().epochs(2).verbose(0).validationSplit(0.2)
                    .earlyStoppingPatience(3).checkpoint(1, states::add));
            s = m.optimizerState();
        }
        assertEquals(s, roundTrip(s));
        History hb = roundTrip(h);
        assertEquals(h.epochs(), hb.epochs());
        assertEquals(h.stepPath(), hb.stepPath());
        assertEquals(h.restoredEpoch(), hb.restoredEpoch());
        assertEquals(h.stoppedEarly(), hb.stoppedEarly());
        hb.add(h.last());
        assertEquals(3, hb.size(), "a deserialized history is still a working one");
        TrainingState t = states.get(1);
        TrainingState tb = roundTrip(t);
        assertEquals(t.epochsDone(), tb.epochsDone());
        assertEquals(t.adamStep(), tb.adamStep());
        assertArrayEquals(t.params(), tb.params());
        assertArrayEquals(t.adamM(), tb.adamM());
        assertArrayEquals(t.adamV(), tb.adamV());
        assertEquals(t.history(), tb.history());
        assertArrayEquals(t.bestParams(), tb.bestParams());
        assertEquals(t.bestValLoss(), tb.bestValLoss());
        assertEquals(t.bestEpoch(), tb.bestEpoch());
        assertEquals(t.sinceBest(), tb.sinceBest());
        assertEquals(t.optimizerState(), tb.optimizerState());
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t;
    }
}
