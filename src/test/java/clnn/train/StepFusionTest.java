package clnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Adam;
import clnn.FitOptions;
import clnn.Fusion;
import clnn.History;
import clnn.backend.AdamUpdate;
import clnn.backend.Backend;
import clnn.backend.BackendCounters;
import clnn.backend.DenseTail;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.backend.Gemm;
import clnn.backend.SoftmaxCrossEntropy;
import clnn.backend.TrainingSteps;
import clnn.backend.cpu.CpuBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The whole-step call's contract as the loop uses it: which path runs under --fusion auto|off, how the epoch is cut
 * into chunks, and that a backend's fused form is held to the per-op definition. The fused forms themselves are
 * checked against the definition in the backends' own tests.
 */
class StepFusionTest {
    /** The reference CPU backend claiming a fused form that is the definition itself, recording every chunk. */
    static final class RecordingFusion implements Backend {
        final Backend inner = new CpuBackend();
        final List<int[]> chunks = new ArrayList<>();

        @Override public Optional<String> fusion(TrainingSteps call) { return Optional.of("recorded for the test"); }

        @Override public void trainSteps(TrainingSteps call, int first, int count, long adamStepBefore) {
            chunks.add(new int[] {first, count, (int) adamStepBefore});
            call.runUnfused(this, first, count, adamStepBefore);
        }

        @Override public String description() { return "recording"; }
        @Override public DeviceFloats allocFloats(String name, int length) { return inner.allocFloats(name, length); }
        @Override public DeviceInts allocInts(String name, int length) { return inner.allocInts(name, length); }
        @Override public void upload(float[] src, DeviceFloats dst) { inner.upload(src, dst); }
        @Override public void upload(int[] src, DeviceInts dst) { inner.upload(src, dst); }
        @Override public void download(DeviceFloats src, float[] dst) { inner.download(src, dst); }
        @Override public void fill(DeviceFloats dst, float value) { inner.fill(dst, value); }
        @Override public void gemm(Gemm call, int indexOffset) { inner.gemm(call, indexOffset); }
        @Override public void softmaxCrossEntropy(SoftmaxCrossEntropy call, int i) { inner.softmaxCrossEntropy(call, i); }
        @Override public void denseTail(DenseTail call, int indexOffset) { inner.denseTail(call, indexOffset); }
        @Override public void adam(AdamUpdate call, long step) { inner.adam(call, step); }
        @Override public void finish() { inner.finish(); }
        @Override public BackendCounters counters() { return inner.counters(); }
        @Override public void close() { inner.close(); }
    }

    private static History fit(Backend b, float[] params, Fusion fusion, TrainingListener listener) {
        FitOptions o = new FitOptions().epochs(3).seed(7).verbose(0).fusion(fusion);
        return new Trainer(b, TrainerTest.SHAPE, new Adam(0.01f)).fit(params, TrainerTest.data(), null, o.plan(), listener);
    }

    @Test
    void withoutLiveProgressAnEpochIsOneCallAndTheResultIsTheDefinitions() {
        float[] fused = TrainerTest.initialParams();
        float[] unfused = TrainerTest.initialParams();
        History h;
        try (RecordingFusion b = new RecordingFusion(); Backend ref = new CpuBackend()) {
            h = fit(b, fused, Fusion.AUTO, TrainingListener.SILENT);
            fit(ref, unfused, Fusion.AUTO, TrainingListener.SILENT);
            // 203 rows at batch 32: 7 steps; Adam's step count runs on across epochs.
            assertEquals(3, b.chunks.size());
            for (int e = 0; e < 3; e++) assertArrayEquals(new int[] {0, 7, 7 * e}, b.chunks.get(e));
        }
        assertArrayEquals(unfused, fused, "a fused call must leave the parameters the per-op steps leave");
        assertEquals("fused: recorded for the test", h.stepPath());
    }

    @Test
    void fusionOffNeverCallsTheFusedFormAndSaysSo() {
        try (RecordingFusion b = new RecordingFusion()) {
            History h = fit(b, TrainerTest.initialParams(), Fusion.OFF, TrainingListener.SILENT);
            assertTrue(b.chunks.isEmpty(), "fusion off ran a fused call");
            assertEquals("unfused: 4 calls per step (fusion off)", h.stepPath());
        }
        try (Backend cpu = new CpuBackend()) {
            assertEquals("unfused: 4 calls per step", fit(cpu, TrainerTest.initialParams(), Fusion.AUTO,
                    TrainingListener.SILENT).stepPath(), "a backend without a fused form runs the definition");
        }
    }

    @Test
    void aLiveListenerGetsChunksThatCoverEveryStepInOrder() {
        List<Integer> seen = new ArrayList<>();
        TrainingListener live = new TrainingListener() {
            @Override public long updateIntervalNanos() { return 1; }
            @Override public void onStep(int step, RunningLoss probe) { seen.add(step); }
        };
        try (RecordingFusion b = new RecordingFusion()) {
            fit(b, TrainerTest.initialParams(), Fusion.AUTO, live);
            int next = 0;
            int adam = 0;
            for (int[] c : b.chunks) {
                assertEquals(next % 7, c[0], "chunks run the steps in order, without a gap");
                assertEquals(adam, c[2], "each chunk continues Adam's step count");
                next += c[1];
                adam += c[1];
            }
            assertEquals(21, next);
            // A 1 ns interval asks for progress after every step once a step has been timed.
            assertEquals(21, b.chunks.size());
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), seen.subList(0, 7));
        }
    }

    @Test
    void chunksFollowTheMeasuredStepTime() {
        StepChunks c = new StepChunks(100_000_000L, 157);
        assertEquals(7, c.next(157), "first epoch: a twentieth of it");
        assertEquals(3, c.next(3), "never past the epoch's end");
        c.epochTook(0.157, 157); // 1 ms a step: 100 steps per 100 ms
        assertEquals(100, c.next(157));
        c.epochTook(1e-4, 157);
        assertEquals(157, c.next(157), "a fast epoch is one chunk");
        StepChunks whole = new StepChunks(Long.MAX_VALUE, 157);
        assertEquals(157, whole.next(157));
        whole.epochTook(10, 157);
        assertEquals(157, whole.next(157));
    }

    @Test
    void stepsOutsideTheEpochAreRefused() {
        try (Backend cpu = new CpuBackend();
             TrainingSession s = new TrainingSession(cpu, TrainerTest.SHAPE, new Adam(0.01f), TrainerTest.initialParams(),
                     TrainerTest.data(), 32)) {
            TrainingSteps steps = s.wholeSteps();
            assertEquals(7, steps.steps());
            assertEquals(11, steps.rowsOf(6));
            assertThrows(IllegalArgumentException.class, () -> steps.runUnfused(cpu, 6, 2, 0));
            assertThrows(IllegalArgumentException.class, () -> steps.runUnfused(cpu, -1, 1, 0));
            assertThrows(IllegalArgumentException.class, () -> steps.runUnfused(cpu, 0, 0, 0));
        }
    }
}
