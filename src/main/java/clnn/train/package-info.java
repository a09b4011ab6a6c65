/**
 * The training loop and forward passes, written once against {@link clnn.backend.Backend}:
 * {@link clnn.train.Trainer} runs a fit epoch by epoch over a {@link clnn.train.TrainingSession} (everything a fit
 * keeps on the device, allocated once), {@link clnn.train.Inference} runs chunked forward passes for validation,
 * predict and evaluate, and {@link clnn.train.StepPlan} holds every backend call of one step, built once so a step
 * allocates nothing. Around them: the flat parameter layout ({@link clnn.train.NetworkShape}), seeded randomness
 * ({@link clnn.train.Rng}, {@link clnn.train.Glorot}), heap estimates that refuse a too-large model in one line
 * ({@link clnn.train.MemoryBudget}), and the listener hooks the progress bar and the API's callbacks plug into
 * ({@link clnn.train.TrainingListener}, {@link clnn.train.KerasProgress}). Engine-internal, not a stable API: the
 * library's users reach it through {@link clnn.Sequential} and {@link clnn.FitOptions}, which resolve into a
 * {@link clnn.train.FitPlan}.
 */
package clnn.train;
