#!/usr/bin/env python3
"""The reference workload in PyTorch, configured like Keras, for side-by-side timing with clnn.

Dense(25, relu) -> Dense(15, relu) -> Dense(10) on the bundled digits; Glorot-uniform kernels and zero
biases; sparse categorical cross-entropy (mean over the batch); Adam(lr 0.001, beta1 0.9, beta2 0.999,
epsilon 1e-7) with Keras's epsilon placement; batch 32, reshuffled every epoch, last partial batch used.

Keras adds epsilon to sqrt(v) after folding both bias corrections into the step size; PyTorch adds it
to sqrt(v / (1 - beta2^t)). The two agree when torch's epsilon is eps * ... rescaled each step:
eps_torch(t) = eps_keras / sqrt(1 - beta2^t). That is what this script does.

Prints one line of key=value pairs (read by bench/compare.sh).
    python3 bench/peers/torch_mlp.py --device cpu --threads 1
    python3 bench/peers/torch_mlp.py --device cuda
"""
import argparse
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import matfile  # noqa: E402


def load(path):
    d = matfile.load(path)
    x = d["X"].astype("float32")
    y = d["y"].astype("int64").reshape(-1)
    y[y == 10] = 0  # the ex3 convention: 10 means the digit 0
    return x, y


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="data/digits-train.mat")
    p.add_argument("--test", default="data/digits-test.mat")
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()

    import torch
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    dev = torch.device(a.device)
    x, y = load(a.data)
    xt, yt = load(a.test)
    X = torch.from_numpy(x).to(dev)
    Y = torch.from_numpy(y).to(dev)

    layers = [torch.nn.Linear(400, 25), torch.nn.Linear(25, 15), torch.nn.Linear(15, 10)]
    for layer in layers:
        torch.nn.init.xavier_uniform_(layer.weight)  # Glorot uniform, limit sqrt(6 / (fan_in + fan_out))
        torch.nn.init.zeros_(layer.bias)
    model = torch.nn.Sequential(layers[0], torch.nn.ReLU(), layers[1], torch.nn.ReLU(), layers[2]).to(dev)
    eps = 1e-7
    opt = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=eps)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = X.shape[0]
    steps = math.ceil(n / a.batch)
    gen = torch.Generator(device="cpu").manual_seed(a.seed)

    if dev.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    t = 0
    epoch_loss = 0.0
    for epoch in range(a.epochs):
        perm = torch.randperm(n, generator=gen).to(dev)
        total = torch.zeros((), device=dev)
        for s in range(steps):
            idx = perm[s * a.batch:(s + 1) * a.batch]
            xb, yb = X[idx], Y[idx]
            t += 1
            opt.param_groups[0]["eps"] = eps / math.sqrt(1 - 0.999 ** t)
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.detach() * len(idx)  # sample-weighted, as Keras reports the epoch loss
        epoch_loss = (total / n).item()  # one sync per epoch
    if dev.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start

    with torch.no_grad():
        errors = int((model(X).argmax(1) != Y).sum().item())
        Xt = torch.from_numpy(xt).to(dev)
        Yt = torch.from_numpy(yt).to(dev)
        acc = float((model(Xt).argmax(1) == Yt).float().mean().item())
    print(f"peer=pytorch-{torch.__version__} device={a.device} threads={a.threads} train_s={seconds:.3f} "
          f"us_per_step={seconds * 1e6 / (steps * a.epochs):.0f} final_loss={epoch_loss:.4f} "
          f"train_errors={errors} test_accuracy={acc:.4f}")


if __name__ == "__main__":
    main()
