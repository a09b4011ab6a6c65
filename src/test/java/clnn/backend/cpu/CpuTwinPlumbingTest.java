package clnn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.Backend;
import clnn.backend.BackendCounters;
import clnn.backend.DeviceFloats;
import clnn.backend.DeviceInts;
import clnn.check.TrainingStepsOp;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CPU twins' plumbing against the reference: memory (bit-exact), counters, finish, close and
 * description. The math of every op is CpuTwinParityTest's, on the ops' case lists.
 */
class CpuTwinPlumbingTest {
    @ParameterizedTest
    @MethodSource("clnn.backend.cpu.Twins#all")
    void memoryHoldsWhatTheReferenceHolds(CpuTwins.Choice twin) {
        Random r = new Random(7);
        int compared = 0;
        try (CpuBackend reference = new CpuBackend(); Backend fast = CpuTwins.open(twin)) {
            for (int length : new int[] {0, 1, 17, 1000}) {
                float[] values = new float[length];
                int[] ints = new int[length];
                for (int i = 0; i < length; i++) {
                    values[i] = r.nextFloat() * 2 - 1;
                    ints[i] = r.nextInt();
                }
                if (length > 2) values[1] = Float.NaN;
                float[][] got = new float[2][];
                int i = 0;
                for (Backend b : new Backend[] {reference, fast}) {
                    try (DeviceFloats f = b.allocFloats("f" + length, length);
                         DeviceInts n = b.allocInts("n" + length, length)) {
                        assertEquals(length, f.length());
                        assertEquals(length, n.length());
                        assertEquals("f" + length, f.name());
                        b.upload(values, f);
                        b.upload(ints, n);
                        assertArrayEquals(ints, CpuArrays.data(n), "upload(int[]) on " + b.description());
                        float[] down = new float[length];
                        b.download(f, down);
                        assertArrayEquals(values, down, "upload then download on " + b.description());
                        b.fill(f, -0.5f);
                        got[i++] = new float[length];
                        b.download(f, got[i - 1]);
                    }
                }
                assertArrayEquals(got[0], got[1], "fill on " + fast.description());
                compared++;
            }
        }
        assertEquals(4, compared);
    }

    /**
     * The same calls count the same launches, host syncs and live arrays, and closing frees everything. One
     * exception: a twin that fuses whole training steps counts one launch per {@code trainSteps} call, where the
     * reference counts the per-op calls that the call stands for.
     */
    @ParameterizedTest
    @MethodSource("clnn.backend.cpu.Twins#all")
    void countersAndCloseMatchTheReference(CpuTwins.Choice twin) {
        CpuBackend reference = new CpuBackend();
        Backend fast = CpuTwins.open(twin);
        assertNotEquals(reference.description(), fast.description(), "a twin names itself");
        assertTrue(fast.description().startsWith("CPU"), fast.description());
        long[] trainStepsLaunches = new long[2];
        int at = 0;
        for (Backend b : new Backend[] {reference, fast}) {
            // One case of every op, so every counter moves.
            for (clnn.check.OpDescription<?> op : clnn.check.Ops.all()) {
                long before = b.counters().launches();
                op.cases().get(3).run(b);
                if (op == TrainingStepsOp.INSTANCE) trainStepsLaunches[at] = b.counters().launches() - before;
            }
            at++;
            b.finish();
            b.allocFloats("left open", 11);
            b.allocInts("left open too", 3);
        }
        boolean fused;
        try (Backend probe = CpuTwins.open(twin)) {
            fused = TrainingStepsOp.INSTANCE.cases().get(3).fusedOn(probe);
        }
        // The case runs its epoch as two trainSteps calls.
        assertEquals(fused ? 2 : trainStepsLaunches[0], trainStepsLaunches[1], "train_steps launches");
        long fusedAway = trainStepsLaunches[0] - trainStepsLaunches[1];
        assertSame(reference.counters(), fast.counters(), fusedAway, "after the same calls");
        assertEquals(2, fast.counters().liveArrays());
        reference.close();
        fast.close();
        fast.close();
        assertEquals(0, fast.counters().liveArrays(), "close frees every array still alive");
        assertEquals(0, fast.counters().liveBytes());
        assertSame(reference.counters(), fast.counters(), fusedAway, "after close");
    }

    private static void assertSame(BackendCounters expected, BackendCounters actual, long fusedAway, String when) {
        assertEquals(expected.launches() - fusedAway, actual.launches(), "launches " + when);
        assertEquals(expected.hostSyncs(), actual.hostSyncs(), "host syncs " + when);
        assertEquals(expected.liveArrays(), actual.liveArrays(), "live arrays " + when);
        assertEquals(expected.liveBytes(), actual.liveBytes(), "live bytes " + when);
    }
}
