package clnn.backend.opencl;

import clnn.backend.BackendCounters;
import clnn.backend.DeviceFloats;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_mem;

/**
 * A row-major rows x cols float matrix split by rows across several cl_mem (a data set's X larger
 * than the device's largest single allocation, {@code OpenClBackend.allocRows}): chunk i holds rows
 * {@code firstRow(i) .. firstRow(i) + rowsIn(i) - 1}, {@code rowsPerChunk} each, the last shorter.
 * It counts as one array of rows * cols floats; closing it releases every chunk. It is never a
 * kernel argument itself ({@code mem} is null): a gathered GEMM reads it through gather_rows.cl
 * into a scratch buffer (OpenClBackend), and every other use is refused.
 */
final class ClRowChunks extends ClArray implements DeviceFloats {
    final int rows;
    final int cols;
    final int rowsPerChunk;
    private final cl_mem[] chunks;
    private final Runnable onRelease;

    ClRowChunks(cl_mem[] chunks, String name, int rows, int cols, int rowsPerChunk, BackendCounters counters,
                Runnable onRelease) {
        super(null, name, rows * cols, counters);
        this.chunks = chunks.clone();
        this.rows = rows;
        this.cols = cols;
        this.rowsPerChunk = rowsPerChunk;
        this.onRelease = onRelease;
    }

    /** How many chunks (cl_mem) hold the rows. */
    int chunks() {
        return chunks.length;
    }

    cl_mem chunk(int i) {
        return chunks[i];
    }

    /** The first row of chunk i. */
    int firstRow(int i) {
        return i * rowsPerChunk;
    }

    /** Rows in chunk i: rowsPerChunk, fewer in the last. */
    int rowsIn(int i) {
        return Math.min(rowsPerChunk, rows - firstRow(i));
    }

    /** Where chunk i starts in the host's row-major array, in floats. */
    long floatOffset(int i) {
        return (long) firstRow(i) * cols;
    }

    /** Releases every chunk (all of them, even when one release fails), then tells the backend. */
    @Override
    void releaseMemory() {
        CLException first = null;
        for (cl_mem m : chunks) {
            try {
                CL.clReleaseMemObject(m);
            } catch (CLException e) {
                if (first == null) first = e;
            }
        }
        onRelease.run();
        if (first != null) throw first;
    }

    /** A one-line description for refusals: "'train.x' (5000 x 400 floats in 3 device buffers)". */
    String describe() {
        return "'" + name + "' (" + rows + " x " + cols + " floats in " + chunks.length + " device buffers)";
    }
}
