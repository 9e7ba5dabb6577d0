#!/usr/bin/env python3
"""Independent numpy computation of the paper's Table 1 figures (docs/model.md §3, §5) for a
decoder-only sketch-rnn-js model (plain LSTM) on the test split of a sketch-rnn .npz file.

It shares no code with the Swift project: it decodes the JSON model itself, runs its own LSTM
forward pass and computes the losses from their definitions.

usage: eval_reference.py MODEL.json DATA.npz   ->  prints {"L_R":..,"L_s":..,"L_p":..,"L_KL":0,"sketches":..}
"""
import base64
import json
import sys

import numpy as np


def load_js_model(path):
    with open(path) as f:
        info, shapes, blobs = json.load(f)
    mode = info["mode"]
    if mode not in (2, "gen"):
        raise SystemExit(f"{path}: only decoder-only (gen) models are handled here")
    arrays = []
    for shape, blob in zip(shapes, blobs):
        raw = np.frombuffer(base64.b64decode(blob), dtype="<i2").astype(np.float64)
        arrays.append((raw / 32767.0 * 10.0).reshape(shape))
    w_out, b_out, w_xh, w_hh, bias = arrays
    return info, dict(w_out=w_out, b_out=b_out, w_xh=w_xh, w_hh=w_hh, bias=bias)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def stroke5(sketch, nmax):
    """Targets: the sketch's points as stroke-5, then (0,0,0,0,1) rows up to nmax."""
    n = len(sketch)
    out = np.zeros((nmax, 5))
    out[:n, 0:2] = sketch[:, 0:2]
    out[:n, 3] = sketch[:, 2]
    out[:n, 2] = 1 - sketch[:, 2]
    out[n:, 4] = 1
    return out


def losses(model, targets, lengths, nmax, m=20):
    """Per-sketch L_s and L_p (each divided by nmax), teacher-forced with zeros as first input."""
    b = targets.shape[0]
    hsize = model["w_hh"].shape[0]
    h = np.zeros((b, hsize))
    c = np.zeros((b, hsize))
    prev = np.zeros((b, 5))  # JS convention: the first input is all zeros
    ls = np.zeros(b)
    lp = np.zeros(b)
    for t in range(nmax):
        a = prev @ model["w_xh"] + h @ model["w_hh"] + model["bias"]
        i, j, f, o = np.split(a, 4, axis=1)
        c = c * sigmoid(f + 1.0) + sigmoid(i) * np.tanh(j)
        h = np.tanh(c) * sigmoid(o)
        y = h @ model["w_out"] + model["b_out"]
        pen_logits = y[:, 0:3]
        pi_logits, mu_x, mu_y, log_sx, log_sy, rho_raw = np.split(y[:, 3:], 6, axis=1)
        pi = np.exp(pi_logits - pi_logits.max(axis=1, keepdims=True))
        pi /= pi.sum(axis=1, keepdims=True)
        sx, sy, rho = np.exp(log_sx), np.exp(log_sy), np.tanh(rho_raw)
        x = targets[:, t, 0:1]
        yv = targets[:, t, 1:2]
        zx = (x - mu_x) / sx
        zy = (yv - mu_y) / sy
        one_minus = 1 - rho * rho
        z = zx * zx + zy * zy - 2 * rho * zx * zy
        density = np.exp(-z / (2 * one_minus)) / (2 * np.pi * sx * sy * np.sqrt(one_minus))
        log_mix = np.log((pi * density).sum(axis=1) + 1e-6)
        real = t < lengths
        ls -= np.where(real, log_mix, 0.0)
        pen_log_q = pen_logits - pen_logits.max(axis=1, keepdims=True)
        pen_log_q -= np.log(np.exp(pen_log_q).sum(axis=1, keepdims=True))
        lp -= (targets[:, t, 2:5] * pen_log_q).sum(axis=1)
        prev = targets[:, t, :]
    return ls / nmax, lp / nmax


def main():
    model_path, data_path = sys.argv[1], sys.argv[2]
    info, model = load_js_model(model_path)
    nmax = int(info["max_seq_len"])
    scale = float(info["scale_factor"])
    data = np.load(data_path, allow_pickle=True, encoding="latin1")
    kept = []
    for s in data["test"]:
        s = np.array(s, dtype=np.float64)
        s[:, 0:2] = np.clip(s[:, 0:2], -1000, 1000)
        if len(s) <= nmax:
            s[:, 0:2] /= scale
            kept.append(s)
    targets = np.stack([stroke5(s, nmax) for s in kept])
    lengths = np.array([len(s) for s in kept])
    ls, lp = losses(model, targets, lengths, nmax)
    print(json.dumps({"L_R": float((ls + lp).mean()), "L_s": float(ls.mean()), "L_p": float(lp.mean()),
                      "L_KL": 0.0, "sketches": len(kept)}))


if __name__ == "__main__":
    main()
