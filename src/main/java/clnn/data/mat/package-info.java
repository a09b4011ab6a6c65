/**
 * MATLAB MAT files (v5/v7, not v7.3): clnn's own streaming, validating reader, which reads only the variables
 * asked for and within a heap budget, and a writer (through JMatIO) that gives the same bytes for the same
 * variables; used for data sets, model files and checkpoints. Engine-internal, not a stable API: the library's
 * users load data through {@code clnn.data} and save models through the api.
 */
package clnn.data.mat;
