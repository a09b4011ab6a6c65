/*
 * gather_rows.cl -- the rows a batch reads from one chunk of a data set split by rows.
 *
 * A data set's X larger than the device's largest single allocation is held in several buffers of
 * whole rows (ClRowChunks on the host): chunk holds rows first_row .. first_row + chunk_rows - 1,
 * row-major with `cols` floats per row. Before a gathered GEMM reads such an X, the host launches
 * this kernel once per chunk; each launch copies the batch's rows that fall in its chunk:
 *
 *   out[r * cols + c] = chunk[(index[idx_off + r] - first_row) * cols + c]
 *       for r < rows with first_row <= index[idx_off + r] < first_row + chunk_rows, c < cols
 *
 * so that after all the launches `out` (rows x cols, row-major) holds the gathered batch and the
 * GEMM runs on it without a gather (the same product, the same order of additions). Rows of other
 * chunks are left alone. One work-item per element: global size (cols, rows), any work-group.
 */
kernel void gather_rows(const int rows, const int cols, global const int* index, const int idx_off,
                        global const float* chunk, const int first_row, const int chunk_rows,
                        global float* out) {
    const int c = get_global_id(0);
    const int r = get_global_id(1);
    if (c >= cols || r >= rows) return;
    const int row = index[idx_off + r] - first_row;
    if (row < 0 || row >= chunk_rows) return;
    out[r * cols + c] = chunk[row * cols + c];
}
