#!/usr/bin/env python3
"""PyTorch comparison for `sketch bench sample` (optional; never run by the tests).

The same work as the Swift benchmark: a decoder-only sketch-rnn (LSTM 512, input 5, M = 20 mixture
components, random weights), a 40-point prefix run through the decoder at batch 1, its state copied
to 8 streams, then 250 sampling steps for all 8 at once (one LSTMCell call and one output Linear per
step, then the draw: softmax over pen and pi logits at temperature tau, a component picked, the
bivariate normal sampled with sigma * sqrt(tau)); every step always runs (no stop at the end token).
Also times one batch-1 step (cell, output head, draw). Medians of several runs, printed as one JSON
line like `sketch bench sample --json`.

    pip install torch
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 Benchmarks/torch_sample.py
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn

M = 20


class Decoder(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.cell = nn.LSTMCell(5, hidden)
        self.out = nn.Linear(hidden, 6 * M + 3)


def draw(y, tau, gen):
    """One stroke-5 row per stream from the raw 6M+3 outputs (docs/model.md §2 layout, paper eq. 8)."""
    n = y.shape[0]
    pen_logits, pi_logits = y[:, :3], y[:, 3:3 + M]
    mu_x, mu_y = y[:, 3 + M:3 + 2 * M], y[:, 3 + 2 * M:3 + 3 * M]
    ls_x, ls_y, rho_raw = y[:, 3 + 3 * M:3 + 4 * M], y[:, 3 + 4 * M:3 + 5 * M], y[:, 3 + 5 * M:]
    pen = torch.multinomial(torch.softmax(pen_logits / tau, dim=1), 1, generator=gen)
    j = torch.multinomial(torch.softmax(pi_logits / tau, dim=1), 1, generator=gen)
    mx, my = mu_x.gather(1, j), mu_y.gather(1, j)
    s = tau ** 0.5
    sx, sy = torch.exp(ls_x.gather(1, j)) * s, torch.exp(ls_y.gather(1, j)) * s
    rho = torch.tanh(rho_raw.gather(1, j))
    n1 = torch.randn(n, 1, generator=gen)
    n2 = torch.randn(n, 1, generator=gen)
    dx = mx + sx * n1
    dy = my + sy * (rho * n1 + torch.sqrt(torch.clamp(1 - rho * rho, min=0)) * n2)
    x = torch.zeros(n, 5)
    x[:, 0:1] = dx
    x[:, 1:2] = dy
    x.scatter_(1, pen + 2, 1.0)
    return x


@torch.no_grad()
def endings(model, prefix, n, steps, tau, gen):
    h = torch.zeros(1, model.cell.hidden_size)
    c = torch.zeros(1, model.cell.hidden_size)
    for t in range(prefix.shape[0]):
        h, c = model.cell(prefix[t:t + 1], (h, c))
    h, c = h.expand(n, -1).contiguous(), c.expand(n, -1).contiguous()
    x = prefix[-1:].expand(n, -1).contiguous()
    out = torch.empty(steps, n, 5)
    for t in range(steps):
        h, c = model.cell(x, (h, c))
        x = draw(model.out(h), tau, gen)
        out[t] = x
    return out


@torch.no_grad()
def one_step(model, x, state, tau, gen):
    h, c = model.cell(x, state)
    return draw(model.out(h), tau, gen), (h, c)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--endings", type=int, default=8)
    p.add_argument("--steps", type=int, default=250)
    p.add_argument("--prefix", type=int, default=40)
    p.add_argument("--temperature", type=float, default=0.5)
    p.add_argument("--runs", type=int, default=9)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    model = Decoder(args.hidden).eval()
    prefix = torch.zeros(args.prefix, 5)
    prefix[:, :2] = torch.randn(args.prefix, 2) * 0.3
    prefix[:, 2] = 1
    prefix[9::10, 2], prefix[9::10, 3] = 0, 1

    endings(model, prefix, args.endings, 20, args.temperature, gen)  # warm-up
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        endings(model, prefix, args.endings, args.steps, args.temperature, gen)
        times.append(time.perf_counter() - start)
    endings_ms = statistics.median(times) * 1000

    state = (torch.zeros(1, args.hidden), torch.zeros(1, args.hidden))
    x = prefix[:1]
    for _ in range(50):
        x, state = one_step(model, x, state, args.temperature, gen)
    step_times = []
    for _ in range(args.runs):
        k = 200
        start = time.perf_counter()
        for _ in range(k):
            x, state = one_step(model, x, state, args.temperature, gen)
        step_times.append((time.perf_counter() - start) / k)
    step_ms = statistics.median(step_times) * 1000
    print(json.dumps({"endings_ms": round(endings_ms, 3), "step_ms": round(step_ms, 4),
                      "threads": args.threads, "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
