package clnn.bench;

import clnn.backend.Backend;
import clnn.check.OpCase;
import clnn.check.OpDescription;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every op benchmark shares (CLBlast's way: the op's one description drives its test and its
 * benchmark): the case comes from the op's case list in check by name, is prepared once
 * (arrays allocated and uploaded, the call built: Setup, Level.Trial), and each invocation launches
 * it once and waits (finish), so a time includes the queue's latency, as one call in a step does.
 * Throughput mode: the score is launches per second; the "flops" and "bytes" counters (the case's
 * flops() and bytes() per launch) are reported as FLOP/s and B/s. Subclasses name the op and hold
 * the {@code @Param} of case names; the case names are those the parity tests report.
 */
@State(Scope.Benchmark)
public abstract class OpBench {
    private Backend backend;
    private OpCase opCase;
    private OpCase.Prepared prepared;

    /** The op whose case list the benchmark draws from. */
    protected abstract OpDescription<?> op();

    /** The device parameter: cpu or opencl (see BenchDevices). */
    protected abstract String device();

    /** The case parameter. */
    protected abstract String caseName();

    /** The case, found by name in the op's case list. */
    protected OpCase opCase() {
        return op().named(caseName());
    }

    /** FLOPs and bytes done, reported by JMH as rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public long flops;
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setUp() {
        opCase = opCase();
        backend = BenchDevices.open(device());
        prepared = opCase.prepare(backend);
    }

    @Benchmark
    public void launch(Work work) {
        prepared.launch();
        backend.finish();
        work.flops += opCase.flops();
        work.bytes += opCase.bytes();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        prepared.close();
        backend.close();
    }
}
