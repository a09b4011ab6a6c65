package clnn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.Backend;
import clnn.backend.DeviceFloats;
import clnn.backend.Gemm;
import clnn.backend.Operand;
import clnn.check.GemmCase;
import clnn.check.GemmOp;
import clnn.check.OpCase;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The twins' large-product GEMMs (VectorCpuBackend's BlockedGemm, FastCpuBackend's columns shared
 * over threads) beyond their accuracy, which CpuTwinParityTest checks on GemmOp's cases: the case
 * list reaches them, 1, 2 and 3 threads give the same bits, no thread is left after close, and a
 * repeated call allocates nothing.
 */
class ParallelGemmTest {
    /** GemmOp's cases that take the blocked path; the list must keep some, or the twins' test misses it. */
    static List<GemmCase> blockedCases() {
        List<GemmCase> out = new ArrayList<>();
        for (GemmCase c : GemmOp.INSTANCE.cases()) {
            if (BlockedGemm.suits(gemmOf(c))) out.add(c);
        }
        return out;
    }

    /** A Gemm of the case's shape and form, for {@link BlockedGemm#suits} (which reads only those). */
    private static Gemm gemmOf(GemmCase c) {
        try (CpuBackend b = new CpuBackend(); DeviceFloats x = b.allocFloats("x", 1)) {
            Operand o = new Operand(x, 0, 1);
            return new Gemm(c.transA(), c.transB(), c.m(), c.n(), c.k(), o, null, o, o, null);
        }
    }

    @Test
    void theCaseListReachesTheBlockedAndTheParallelPath() {
        List<GemmCase> blocked = blockedCases();
        assertTrue(blocked.size() >= 12, "blocked cases: " + blocked.size());
        assertTrue(blocked.stream().anyMatch(c -> (long) c.m() * c.n() * c.k() >= BlockedGemm.PARALLEL_WORK),
                "a case large enough for several threads");
        for (String form : new String[] {"NN", "NT", "TN", "TT"}) {
            assertTrue(blocked.stream().anyMatch(c -> c.name().startsWith(form)), form);
        }
        for (String e : new String[] {GemmCase.NONE, GemmCase.BIAS_ACTIVATION, GemmCase.ACTIVATION_GRADIENT,
            GemmCase.BIAS_GRADIENT}) {
            assertTrue(blocked.stream().anyMatch(c -> c.epilogue().equals(e)), e);
        }
    }

    @ParameterizedTest
    @MethodSource("clnn.backend.cpu.Twins#all")
    void anyThreadCountGivesTheSameBits(CpuTwins.Choice twin) {
        int compared = 0;
        for (GemmCase c : blockedCases()) {
            float[] one = run(twin, 1, c);
            for (int threads : new int[] {2, 3}) {
                float[] many = run(twin, threads, c);
                assertArrayEquals(bits(one), bits(many), c + " on " + threads + " threads");
                compared++;
            }
        }
        assertTrue(compared >= 24, "compared " + compared);
    }

    private static float[] run(CpuTwins.Choice twin, int threads, GemmCase c) {
        try (Backend b = CpuTwins.open(twin, threads); OpCase.Prepared p = c.prepare(b)) {
            p.launch();
            return p.read();
        }
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Float.floatToRawIntBits(v[i]);
        return out;
    }

    @ParameterizedTest
    @MethodSource("clnn.backend.cpu.Twins#all")
    void closingTheBackendStopsItsThreads(CpuTwins.Choice twin) {
        GemmCase big = blockedCases().stream().filter(c -> (long) c.m() * c.n() * c.k() >= BlockedGemm.PARALLEL_WORK)
                .findFirst().orElseThrow();
        long before = gemmThreads();
        try (Backend b = CpuTwins.open(twin, 3); OpCase.Prepared p = big.prepare(b)) {
            p.launch();
            assertEquals(before + 2, gemmThreads(), "two workers besides the caller while open");
        }
        assertEquals(before, gemmThreads(), "no worker left after close");
    }

    private static long gemmThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("clnn-cpu-gemm-") && t.isAlive()).count();
    }

    @ParameterizedTest
    @MethodSource("clnn.backend.cpu.Twins#all")
    void aRepeatedCallAllocatesNothing(CpuTwins.Choice twin) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        GemmCase big = blockedCases().stream().filter(c -> (long) c.m() * c.n() * c.k() >= BlockedGemm.PARALLEL_WORK)
                .findFirst().orElseThrow();
        try (Backend b = CpuTwins.open(twin, 2); OpCase.Prepared p = big.prepare(b)) {
            p.launch(); // grows the scratch, starts the worker
            long tid = Thread.currentThread().getId();
            long[] workers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("clnn-cpu-gemm-")).mapToLong(Thread::getId).toArray();
            // Steady state: until C2 has compiled the Vector API code, the interpreter allocates a
            // vector object per operation, so batches are measured until one allocates nothing.
            long allocated = Long.MAX_VALUE;
            for (int batch = 0; batch < 100 && allocated >= 512; batch++) {
                long before = mx.getThreadAllocatedBytes(tid) + sum(mx.getThreadAllocatedBytes(workers));
                for (int i = 0; i < 20; i++) p.launch();
                // A few hundred bytes of slack for the measuring calls themselves (the arrays they return).
                allocated = mx.getThreadAllocatedBytes(tid) + sum(mx.getThreadAllocatedBytes(workers)) - before;
            }
            assertTrue(allocated < 512, "allocated " + allocated + " bytes in 20 calls after warm-up");
        }
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) s += x;
        return s;
    }
}
