#!/usr/bin/env python3
"""Golden forward passes of the project's own shipped checkpoints, for tests that run in a fresh
clone (no ../shared needed).

An independent numpy implementation: it reads the safetensors files itself (header, float16 or
float32 tensors), runs its own LSTM encoder and decoder in double precision and writes, for a fixed
sketch it makes itself, the decoder's state and every output parameter at some steps and the summed
log-likelihoods, in the format of ../shared/reference/*.golden.json. It shares no code with the
Swift project. The model as docs/architecture.md lays it out (gates i, j, f, o with forget bias +1;
state [c; h]; the VAE's initial state tanh(z W + b); outputs: 3 pen logits, then pi, mu_x, mu_y,
log sigma_x, log sigma_y and raw rho, M each).

    python3 Tests/Reference/shipped_golden.py     # rewrites Tests/Reference/golden/*.json
"""
import json
import math
import os
import struct

import numpy as np

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    body = data[8 + n:]
    dtypes = {"F16": "<f2", "F32": "<f4"}
    tensors = {}
    for name, t in header.items():
        a, b = t["data_offsets"]
        tensors[name] = np.frombuffer(body[a:b], dtype=dtypes[t["dtype"]]).astype(np.float64).reshape(t["shape"])
    return tensors, meta


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step(x, h, c, wxh, whh, bias):
    g = x @ wxh + h @ whh + bias
    hs = h.shape[-1]
    i, j, f, o = g[:hs], g[hs:2 * hs], g[2 * hs:3 * hs], g[3 * hs:]
    c = c * sigmoid(f + 1.0) + sigmoid(i) * np.tanh(j)
    return np.tanh(c) * sigmoid(o), c


def sheep_like_sketch():
    """A woolly body (a wobbly closed loop) and four legs, stroke-5 rows in model units."""
    points = []
    n = 24
    prev = np.array([1.6, 0.0])
    for k in range(1, n + 1):
        a = 2 * math.pi * k / n
        r = 1.0 + 0.12 * math.sin(5 * a)
        p = np.array([1.6 * r * math.cos(a), 0.9 * r * math.sin(a)])
        d = p - prev
        prev = p
        points.append([d[0], d[1], 1.0 if k == n else 0.0])
    for leg in range(4):
        x = -0.9 + 0.6 * leg
        target = np.array([x, 0.8])
        d = target - prev
        points[-1][2] = 1.0
        points.append([d[0], d[1], 0.0])  # pen-up move to the leg's top (the previous row lifted)
        points.append([0.05, 0.7, 1.0])
        prev = target + np.array([0.05, 0.7])
    rows = []
    for dx, dy, lift in points:
        rows.append([dx, dy, 1.0 - lift, lift, 0.0])
    return np.array(rows)


def decode(t, first_input, seq, z=None, state=None, checked=(0, 1, 5, 10, 20, 30)):
    hs = t["decoder.whh"].shape[0]
    m = (t["output.weight"].shape[1] - 3) // 6
    if state is None:
        c, h = np.zeros(hs), np.zeros(hs)
    else:
        c, h = state[:hs], state[hs:]
    x = np.array(first_input, dtype=np.float64)
    targets = list(seq) + [np.array([0, 0, 0, 0, 1.0])]
    steps, offsets, pens = [], 0.0, 0.0
    for step, target in enumerate(targets):
        inp = x if z is None else np.concatenate([x, z])
        h, c = lstm_step(inp, h, c, t["decoder.wxh"], t["decoder.whh"], t["decoder.bias"])
        y = h @ t["output.weight"] + t["output.bias"]
        pen = y[:3]
        pi, mux, muy, lsx, lsy, rr = (y[3 + k * m:3 + (k + 1) * m] for k in range(6))
        sx, sy, rho = np.exp(lsx), np.exp(lsy), np.tanh(rr)
        if step in checked:
            steps.append({"step": step, "h_first8": h[:8].tolist(), "c_first8": c[:8].tolist(),
                          "pen_logits": pen.tolist(), "pi_logits": pi.tolist(), "mu_x": mux.tolist(),
                          "mu_y": muy.tolist(), "sigma_x": sx.tolist(), "sigma_y": sy.tolist(), "rho": rho.tolist()})
        log_q = pen - (pen.max() + np.log(np.exp(pen - pen.max()).sum()))
        pens += float(target[2:] @ log_q)
        if target[4] == 0:
            log_pi = pi - (pi.max() + np.log(np.exp(pi - pi.max()).sum()))
            zx, zy = (target[0] - mux) / sx, (target[1] - muy) / sy
            zz = zx * zx + zy * zy - 2 * rho * zx * zy
            one = 1 - rho * rho
            terms = log_pi - zz / (2 * one) - np.log(2 * math.pi * sx * sy * np.sqrt(one))
            offsets += float(terms.max() + np.log(np.exp(terms - terms.max()).sum()))
        x = target
    return {"sequence_stroke5_model_units": [list(map(float, r)) for r in targets],
            "sum_log_density_offsets": offsets, "sum_log_prob_pen": pens, "steps": steps,
            "first_input": list(map(float, first_input))}


def encode(t, seq):
    def run(direction, rows):
        e = t[f"encoder.{direction}.whh"].shape[0]
        h, c = np.zeros(e), np.zeros(e)
        for x in rows:
            h, c = lstm_step(x, h, c, t[f"encoder.{direction}.wxh"], t[f"encoder.{direction}.whh"], t[f"encoder.{direction}.bias"])
        return h
    last = np.concatenate([run("forward", seq), run("backward", seq[::-1])])
    return last @ t["mu.weight"] + t["mu.bias"], last @ t["presig.weight"] + t["presig.bias"]


def main():
    seq = sheep_like_sketch()
    out_dir = os.path.join(root, "Tests", "Reference", "golden")
    for name in ["sheep", "sheep-vae"]:
        t, meta = load_safetensors(os.path.join(root, "checkpoints", f"{name}.safetensors"))
        config = json.loads(meta["config"])
        first = [0, 0, 1, 0, 0] if config["firstInput"] == "penDown" else [0, 0, 0, 0, 0]
        if config["type"] == "vae":
            mu, presig = encode(t, seq)
            state = np.tanh(mu @ t["init.weight"] + t["init.bias"])
            golden = decode(t, first, seq, z=mu, state=state)
            golden.update(mu=mu.tolist(), presig=presig.tolist(), real_points=len(seq))
        else:
            golden = decode(t, first, seq)
        path = os.path.join(out_dir, f"{name}.golden.json")
        with open(path + ".tmp", "w") as f:
            json.dump(golden, f, indent=1)
        os.replace(path + ".tmp", path)
        print(f"{path}: {len(golden['sequence_stroke5_model_units'])} steps, "
              f"log density {golden['sum_log_density_offsets']:.6f}, log pen {golden['sum_log_prob_pen']:.6f}")


if __name__ == "__main__":
    main()
