/**
 * The library's public API, shaped like Keras: build a {@link clnn.Sequential} from an {@link clnn.Input} and
 * {@link clnn.Dense} layers (each with an {@link clnn.Activation}), {@link clnn.Sequential#compile compile} it with
 * {@link clnn.Loss#sparseCategoricalCrossentropy(boolean) sparse categorical cross-entropy} from logits and
 * {@link clnn.Adam}, optionally on a {@link clnn.Device}, then {@link clnn.Sequential#fit fit} it with
 * {@link clnn.FitOptions} (epochs, batch size, validation, early stopping, checkpoints, {@link clnn.Callback}s) and
 * read the {@link clnn.History}; {@link clnn.Sequential#predict(float[][]) predict},
 * {@link clnn.Sequential#evaluate evaluate} ({@link clnn.Evaluation}) and {@link clnn.Sequential#report report}
 * ({@link clnn.ClassificationReport}) use the trained model; {@link clnn.ModelFiles} and {@link clnn.CheckpointFiles}
 * save and load models and runs as MAT files that scipy, Octave and MATLAB read.
 *
 * <p>Defaults are Keras's (batch 32, Adam 0.001, Glorot-uniform weights and zero biases), and every random choice is
 * seeded, so a run repeats exactly; on the CPU path, bit for bit. Every public method checks its arguments first and
 * throws a {@link clnn.ClnnException} subclass with a one-line message naming the problem and the fix
 * ({@link clnn.ModelException}, {@link clnn.DataException}, {@link clnn.DeviceException},
 * {@link clnn.TrainingDivergedException}). The data the model reads ({@code clnn.data.Dataset}) live in
 * {@code clnn.data}; the other packages are engine-internal.
 */
package clnn;
