#!/usr/bin/env python3
"""PyTorch's fastest forms of the reference workload on a GPU, for issue 12's comparison with clnn's fused step.

The same network, data and schedule as torch_mlp.py (400-25-15-10, relu, Glorot-uniform, Adam lr 0.001, batch 32,
reshuffled every epoch, last partial batch used, 40 epochs), run in one of these modes:

  eager        the plain loop (what torch_mlp.py times), with Adam(fused=True)
  graph-step   each step (gather through a static index buffer, forward, loss, backward, Adam) captured once in a
               CUDA graph and replayed; Adam(fused=True, capturable=True); one graph for full batches and one for
               the partial last batch
  graph-epoch  a whole epoch's steps captured in one CUDA graph that reads a static permutation buffer: one
               replay per epoch (the most PyTorch can cut launches without writing a kernel)
  compile      torch.compile(mode="reduce-overhead") of the step (CUDA graphs through Inductor); skipped with a
               message when it cannot compile here (no network: Triton must already be installed)

Adam's epsilon is Keras's 1e-7 held constant (a captured graph cannot change a Python float per step; the
effect on the loss is far below its noise). Prints one line of key=value pairs: mode, seconds for all epochs
(after one untimed warm-up epoch that also captures the graphs), us per step, final epoch loss.
    python3 bench/peers/torch_graph.py --mode graph-step
"""
import argparse
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_mlp import load  # noqa: E402  (the same data, read the same way: ex3's 10 means the digit 0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="data/digits-train.mat")
    p.add_argument("--mode", default="graph-step", choices=["eager", "graph-step", "graph-epoch", "compile"])
    p.add_argument("--device", default="cuda")
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()

    import torch
    torch.manual_seed(a.seed)
    dev = torch.device(a.device)
    cuda = dev.type == "cuda"
    if a.mode != "eager" and not cuda:
        print(f"mode={a.mode} skipped=needs-cuda")
        return
    x, y = load(a.data)
    X = torch.from_numpy(x).to(dev)
    Y = torch.from_numpy(y).to(dev)
    n, batch = X.shape[0], a.batch
    steps = math.ceil(n / batch)
    last = n - (steps - 1) * batch

    layers = [torch.nn.Linear(400, 25), torch.nn.Linear(25, 15), torch.nn.Linear(15, 10)]
    for layer in layers:
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    model = torch.nn.Sequential(layers[0], torch.nn.ReLU(), layers[1], torch.nn.ReLU(), layers[2]).to(dev)
    capturable = a.mode in ("graph-step", "graph-epoch")
    kwargs = {"lr": 0.001, "betas": (0.9, 0.999), "eps": 1e-7}
    if cuda:
        kwargs["fused"] = True
        if capturable:
            kwargs["capturable"] = True
    opt = torch.optim.Adam(model.parameters(), **kwargs)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator(device="cpu").manual_seed(a.seed)
    perm = torch.zeros(n, dtype=torch.int64, device=dev)  # static: every graph reads the epoch's order here
    total = torch.zeros((), device=dev)                     # the epoch's summed loss, accumulated on the device

    def step(s, rows):
        idx = perm[s * batch:s * batch + rows]
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(model(X[idx]), Y[idx])
        loss.backward()
        opt.step()
        total.add_(loss.detach() * rows)

    def sync():
        if cuda:
            torch.cuda.synchronize()

    def new_epoch():
        perm.copy_(torch.randperm(n, generator=gen).to(dev))
        total.zero_()

    run_epoch = None
    if a.mode == "eager":
        def run_epoch():
            for s in range(steps):
                step(s, batch if s < steps - 1 else last)
    elif a.mode == "compile":
        try:
            compiled = torch.compile(step, mode="reduce-overhead")
            new_epoch()
            for s in range(steps):  # compiles (and captures) here; fails fast without Triton
                compiled(s, batch if s < steps - 1 else last)
            sync()
        except Exception as e:  # noqa: BLE001 - report any compiler failure as a skip, with its reason
            print(f"mode=compile skipped={type(e).__name__}: {str(e).splitlines()[0][:120]}")
            return

        def run_epoch():
            for s in range(steps):
                compiled(s, batch if s < steps - 1 else last)
    else:
        # Warm up on a side stream before capture, as CUDA graphs require (allocator, cuBLAS workspaces, Adam state).
        new_epoch()
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for s in range(3):
                step(s, batch)
        torch.cuda.current_stream().wait_stream(side)
        sync()
        if a.mode == "graph-step":
            # One graph per step shape; the step index is baked in, so capture a graph for every step offset
            # would be wasteful: instead gather through a static per-step index buffer.
            index = torch.zeros(batch, dtype=torch.int64, device=dev)

            def step_at(rows):
                idx = index[:rows]
                opt.zero_grad(set_to_none=False)
                loss = loss_fn(model(X[idx]), Y[idx])
                loss.backward()
                opt.step()
                total.add_(loss.detach() * rows)

            graphs = {}
            for rows in sorted({batch, last}):
                g = torch.cuda.CUDAGraph()
                with torch.cuda.graph(g):
                    step_at(rows)
                graphs[rows] = g

            def run_epoch():
                for s in range(steps):
                    rows = batch if s < steps - 1 else last
                    index[:rows].copy_(perm[s * batch:s * batch + rows])
                    graphs[rows].replay()
        else:
            g = torch.cuda.CUDAGraph()
            with torch.cuda.graph(g):
                for s in range(steps):
                    step(s, batch if s < steps - 1 else last)

            def run_epoch():
                g.replay()

    # One untimed epoch (captures are done; this settles clocks and caches), then the timed epochs.
    new_epoch()
    run_epoch()
    sync()
    start = time.perf_counter()
    for _ in range(a.epochs):
        new_epoch()
        run_epoch()
    sync()
    seconds = time.perf_counter() - start
    print(f"mode={a.mode} device={dev} epochs={a.epochs} seconds={seconds:.3f} "
          f"us_per_step={seconds * 1e6 / (a.epochs * steps):.1f} final_loss={total.item() / n:.4f} torch={torch.__version__}")


if __name__ == "__main__":
    main()
