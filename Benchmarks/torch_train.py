#!/usr/bin/env python3
"""PyTorch comparison for `sketch bench train` (optional; never run by the tests).

The same sketch-rnn model, loss, clipping and Adam step as the Swift trainer (docs/model.md §2, §3):
bidirectional LSTM encoder over the real points, z = mu + sigma * eps, decoder LSTM with input
[S_{i-1}; z] and initial state tanh(W_z z + b_z) = [c; h], recurrent dropout (keep 0.9) on tanh(j),
forget bias +1, a 20-component bivariate mixture and a 3-way pen softmax, L_s over real points and
L_p over all Nmax steps (or, with --pen-loss masked, up to each sketch's first end token on batches
cut to their longest sketch), KL with floor 0.2 and weight 0.5, gradients clipped by value to [-1, 1],
Adam at 1e-3. With --precision bf16 the forward pass and the loss run under PyTorch's own mixed
precision, `torch.autocast("cpu", dtype=torch.bfloat16)` (products in bf16, weights and Adam in fp32).
Times a training step on aaron_sheep batches of 100, median after warm-up, and prints
one JSON line per configuration like `sketch bench train --json`, plus the peak resident memory.

    pip install torch
    OPENBLAS_CORETYPE= python3 Benchmarks/torch_train.py --data ../shared/data/aaron_sheep.npz
"""
import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import time

import numpy as np
import torch
from torch import nn

M = 20


def load(path, nmax):
    data = np.load(path, allow_pickle=True, encoding="latin1")
    train = []
    for s in data["train"]:
        s = np.array(s, dtype=np.float32)
        s[:, :2] = np.clip(s[:, :2], -1000, 1000)
        if len(s) <= nmax:
            train.append(s)
    scale = np.concatenate([s[:, :2].reshape(-1) for s in train]).std()
    return [np.concatenate([s[:, :2] / scale, s[:, 2:]], axis=1) for s in train]


def batch(sketches, rng, size, nmax, masked):
    picked = [sketches[i] for i in rng.integers(0, len(sketches), size)]
    if masked:  # length-aware: a batch of similar lengths cut to its longest sketch
        start = rng.integers(0, len(sketches))
        order = sorted(range(len(sketches)), key=lambda i: len(sketches[i]))
        pos = order.index(start)
        lo = max(0, min(pos, len(order) - size))
        picked = [sketches[i] for i in order[lo:lo + size]]
    steps = max(len(s) for s in picked) if masked else nmax
    x = np.zeros((steps + 1, size, 5), dtype=np.float32)
    x[0, :, 2] = 1
    lengths = np.zeros(size, dtype=np.int64)
    for b, s in enumerate(picked):
        n = len(s)
        lengths[b] = n
        x[1:n + 1, b, 0:2] = s[:, :2] * rng.uniform(0.85, 1.15, 2).astype(np.float32)
        x[1:n + 1, b, 3] = s[:, 2]
        x[1:n + 1, b, 2] = 1 - s[:, 2]
        x[n + 1:, b, 4] = 1
    return torch.from_numpy(x), torch.from_numpy(lengths)


class LSTM(nn.Module):
    """Plain LSTM (gates i, j, f, o; forget bias +1; recurrent dropout on tanh(j)), input projection
    of all steps batched into one product."""

    def __init__(self, n_in, n_h):
        super().__init__()
        self.wxh = nn.Parameter(torch.empty(n_in, 4 * n_h).uniform_(-math.sqrt(6 / (n_in + 4 * n_h)), math.sqrt(6 / (n_in + 4 * n_h))))
        self.whh = nn.Parameter(torch.linalg.qr(torch.randn(4 * n_h, n_h))[0].T.contiguous())
        self.bias = nn.Parameter(torch.zeros(4 * n_h))
        self.n_h = n_h

    def forward(self, xs, h, c, keep=0.9):
        # unbind once: indexing ax[t] per step would make backward O(T^2) (a full-size zero tensor per step)
        ax = (xs @ self.wxh + self.bias).unbind(0)
        hs = []
        for t in range(xs.shape[0]):
            a = ax[t] + h @ self.whh
            i, j, f, o = a.chunk(4, 1)
            g = torch.tanh(j)
            if self.training and keep < 1:
                g = g * (torch.rand_like(g) < keep).float() / keep
            c = c * torch.sigmoid(f + 1.0) + torch.sigmoid(i) * g
            h = torch.tanh(c) * torch.sigmoid(o)
            hs.append(h)
        return torch.stack(hs), h, c


class SketchRNN(nn.Module):
    def __init__(self, kind, enc, dec, nz):
        super().__init__()
        self.kind, self.dec, self.nz = kind, dec, nz
        if kind == "vae":
            self.fw = LSTM(5, enc)
            self.bw = LSTM(5, enc)
            self.mu = nn.Linear(2 * enc, nz)
            self.presig = nn.Linear(2 * enc, nz)
            self.init = nn.Linear(nz, 2 * dec)
        self.decoder = LSTM(5 + (nz if kind == "vae" else 0), dec)
        self.out = nn.Linear(dec, 6 * M + 3)

    def encode(self, x, lengths):
        steps, b, _ = x.shape
        zero = x.new_zeros(b, self.fw.n_h)
        hs, _, _ = self.fw(x, zero, zero)
        h_fw = hs[lengths - 1, torch.arange(b)]
        rev = x.clone()  # each sketch reversed within its own length
        for k in range(b):
            n = int(lengths[k])
            rev[:n, k] = x[:n, k].flip(0)
        hs_bw, _, _ = self.bw(rev, zero, zero)
        h_bw = hs_bw[lengths - 1, torch.arange(b)]
        return torch.cat([h_fw, h_bw], 1)

    def forward(self, x, lengths, nmax, masked):
        steps, b = x.shape[0] - 1, x.shape[1]
        inputs, targets = x[:-1], x[1:]
        kl = x.new_zeros(())
        if self.kind == "vae":
            hcat = self.encode(targets, lengths)
            mu, presig = self.mu(hcat), self.presig(hcat)
            z = mu + torch.exp(presig / 2) * torch.randn_like(mu)
            state = torch.tanh(self.init(z))
            c, h = state[:, :self.dec], state[:, self.dec:]
            inputs = torch.cat([inputs, z.unsqueeze(0).expand(steps, b, self.nz)], 2)
            kl = -0.5 * torch.mean(1 + presig - mu ** 2 - torch.exp(presig))
        else:
            h = c = x.new_zeros(b, self.dec)
        hs, _, _ = self.decoder(inputs, h, c)
        y = self.out(hs)
        pen_logits, pi, mx, my, lsx, lsy, rr = torch.split(y, [3, M, M, M, M, M, M], 2)
        dx, dy = targets[..., 0:1], targets[..., 1:2]
        sx, sy, rho = torch.exp(lsx), torch.exp(lsy), torch.tanh(rr)
        zx, zy = (dx - mx) / sx, (dy - my) / sy
        om = 1 - rho ** 2
        log_n = -(zx ** 2 + zy ** 2 - 2 * rho * zx * zy) / (2 * om) - torch.log(2 * math.pi * sx * sy * torch.sqrt(om))
        density = torch.sum(torch.softmax(pi, 2) * torch.exp(log_n), 2)
        t = torch.arange(steps).unsqueeze(1)
        real = (t < lengths.unsqueeze(0)).float()
        ls = -torch.sum(torch.log(density + 1e-6) * real) / (nmax * b)
        pen = -torch.sum(targets[..., 2:5] * torch.log_softmax(pen_logits, 2), 2)
        if masked:
            pen = pen * (t <= lengths.unsqueeze(0)).float()
        lp = torch.sum(pen) / (nmax * b)
        return ls + lp, kl


def bench(args, kind):
    torch.manual_seed(1)
    sketches = load(args.data, args.nmax)
    rng = np.random.default_rng(1)
    masked = args.pen_loss == "masked"
    model = SketchRNN(kind, 256, 512, 128)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    times, cpu_times = [], []
    for step in range(args.warmup + args.steps):
        x, lengths = batch(sketches, rng, args.batch, args.nmax, masked)
        start = time.perf_counter()
        cpu_start = time.process_time()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.precision == "bf16"):
            lr_loss, kl = model(x, lengths, args.nmax, masked)
            loss = lr_loss + 0.5 * 0.01 * torch.clamp(kl, min=0.2)
        opt.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.grad.clamp_(-1, 1)
        opt.step()
        if step >= args.warmup:
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
    s = statistics.median(times)
    return {"type": kind, "pen_loss": args.pen_loss, "precision": args.precision, "s_per_step": round(s, 4), "sketches_per_s": round(args.batch / s, 1),
            "cpu_s_per_step": round(statistics.median(cpu_times), 4),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default="../shared/data/aaron_sheep.npz")
    p.add_argument("--type", choices=["vae", "decoder", "both"], default="both")
    p.add_argument("--pen-loss", choices=["full", "masked"], default="full")
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--nmax", type=int, default=250)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--precision", choices=["fp32", "bf16"], default="fp32",
                   help="bf16: forward and loss under torch.autocast('cpu', dtype=torch.bfloat16)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    if args.type == "both":  # one process per configuration, so that each peak memory is its own
        for kind in ["vae", "decoder"]:
            subprocess.run([sys.executable, __file__] + sys.argv[1:] + ["--type", kind], check=True)
        return
    print(json.dumps(bench(args, args.type)), flush=True)


if __name__ == "__main__":
    main()
