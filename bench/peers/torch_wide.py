#!/usr/bin/env python3
"""Issue 11's peer: one epoch of a wide network (--widths, --batch, --rows; default 784-512-256-10, 256, 50k) in PyTorch, side by side with clnn.bench.WideBench epoch.

784-512-256-10 (relu, relu, logits), Glorot-uniform kernels and zero biases, cross-entropy from logits,
Adam(lr 0.001, betas 0.9/0.999, eps 1e-7), batch 256, reshuffled every epoch, last partial batch used,
over 50,000 synthetic rows (uniform [0, 1) features labelled by a fixed random linear teacher, like
clnn's Scaling.synthetic; the same kind of data, not the same numbers: this times, it does not compare
losses). The first epoch is a warm-up; the median of the others is printed.

    /usr/bin/python3 bench/peers/torch_wide.py --threads 1 --epochs 4
"""
import argparse
import statistics
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--rows", type=int, default=50_000)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--widths", default="784,512,256,10", help="inputs, hidden widths, classes")
    a = p.parse_args()

    import torch
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    sizes = [int(w) for w in a.widths.split(",")]
    x = torch.rand(a.rows, sizes[0])
    teacher = torch.empty(sizes[0], sizes[-1]).uniform_(-0.1, 0.1)
    y = ((x - 0.5) @ teacher).argmax(1)

    layers = [torch.nn.Linear(i, o) for i, o in zip(sizes, sizes[1:])]
    for layer in layers:
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    modules = []
    for i, layer in enumerate(layers):
        modules.append(layer)
        if i < len(layers) - 1:
            modules.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*modules)
    opt = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(a.seed)
    times = []
    for epoch in range(a.epochs):
        start = time.perf_counter()
        perm = torch.randperm(a.rows, generator=gen)
        total = torch.zeros(())
        for s in range(0, a.rows, a.batch):
            idx = perm[s:s + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.detach() * len(idx)
        epoch_loss = (total / a.rows).item()
        seconds = time.perf_counter() - start
        times.append(seconds)
        print(f"epoch {epoch}: {seconds:.3f} s, loss {epoch_loss:.4f}", flush=True)
    steps = -(-a.rows // a.batch)
    med = statistics.median(times[1:])
    print(f"peer=pytorch-{torch.__version__} threads={a.threads} widths={a.widths} batch={a.batch} rows={a.rows} "
          f"median_epoch_s={med:.3f} ms_per_step={med * 1e3 / steps:.1f}")


if __name__ == "__main__":
    main()
