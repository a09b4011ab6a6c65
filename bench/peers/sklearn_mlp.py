#!/usr/bin/env python3
"""The reference workload with scikit-learn's MLPClassifier, for side-by-side timing with clnn.

hidden layers (25, 15) relu, softmax output with log-loss (sklearn's equivalent of sparse categorical
cross-entropy from logits), Adam(lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7), batch 32, shuffled
every epoch, no L2 penalty (alpha 0), 40 epochs with no early stop. sklearn initialises weights
Glorot-uniform too (its sqrt(6 / (fan_in + fan_out)) bound, sqrt(2) times larger for logistic).

Caveats, so the comparison stays honest: sklearn computes in float64 and reports the epoch loss
averaged the same way (sample-weighted over batches). Its Adam puts epsilon like PyTorch (inside the
bias-corrected denominator), which only matters in the first steps.

Prints one line of key=value pairs (read by bench/compare.sh). Pin BLAS to one thread with
OPENBLAS_NUM_THREADS=1 (compare.sh does).
"""
import argparse
import os
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import matfile  # noqa: E402


def load(path):
    d = matfile.load(path)
    x = d["X"].astype("float64")
    y = d["y"].astype("int64").reshape(-1)
    y[y == 10] = 0
    return x, y


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="data/digits-train.mat")
    p.add_argument("--test", default="data/digits-test.mat")
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()

    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    x, y = load(a.data)
    xt, yt = load(a.test)
    model = MLPClassifier(hidden_layer_sizes=(25, 15), activation="relu", solver="adam", alpha=0.0,
                          batch_size=a.batch, learning_rate_init=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                          max_iter=a.epochs, shuffle=True, random_state=a.seed, tol=0.0, n_iter_no_change=a.epochs + 1)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter reached is the point
        model.fit(x, y)
    seconds = time.perf_counter() - start
    steps = -(-len(y) // a.batch) * model.n_iter_
    errors = int((model.predict(x) != y).sum())
    acc = float((model.predict(xt) == yt).mean())
    print(f"peer=sklearn-{sklearn.__version__} device=cpu threads={os.environ.get('OPENBLAS_NUM_THREADS', '?')} "
          f"train_s={seconds:.3f} us_per_step={seconds * 1e6 / steps:.0f} final_loss={model.loss_curve_[-1]:.4f} "
          f"train_errors={errors} test_accuracy={acc:.4f}")


if __name__ == "__main__":
    main()
