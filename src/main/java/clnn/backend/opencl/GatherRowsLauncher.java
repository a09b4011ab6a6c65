package clnn.backend.opencl;

/**
 * Host side of kernels/gather_rows.cl: one launch per chunk of a {@link ClRowChunks}, copying the
 * batch's rows of that chunk into a scratch buffer (rows x cols). The index offset is set per
 * launch, like the GEMM's. Built on first use: a backend that never splits an array never builds it.
 */
final class GatherRowsLauncher {
    /** The parameters of gather_rows, in order. */
    enum Arg implements KernelContract.Arg {
        ROWS, COLS, INDEX, IDX_OFF, CHUNK, FIRST_ROW, CHUNK_ROWS, OUT
    }

    private final ClProgram program;

    GatherRowsLauncher(ClContext ctx, ClProgram.Sources sources) {
        this.program = ClProgram.build(ctx, sources, "", "gather_rows.cl");
    }

    /** Copies rows index[idx_off + r] (r < rows) that lie in chunk {@code chunk} of {@code x} to out's row r. */
    Launch prepare(ClContext ctx, ClRowChunks x, int chunk, int rows, ClArray index, ClArray out, Runnable onRelease) {
        ClKernel k = program.kernel(ctx, "gather_rows");
        k.arg(Arg.ROWS, rows).arg(Arg.COLS, x.cols).arg(Arg.INDEX, index).arg(Arg.IDX_OFF, 0)
                .arg(Arg.CHUNK, x.chunk(chunk)).arg(Arg.FIRST_ROW, x.firstRow(chunk))
                .arg(Arg.CHUNK_ROWS, x.rowsIn(chunk)).arg(Arg.OUT, out);
        return new Launch(k, new long[] {x.cols, rows}, null, onRelease);
    }
}
