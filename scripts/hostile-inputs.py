#!/usr/bin/env python3
"""Writes issue 28's hostile inputs, at their full sizes, into a folder: scripts/hostile-inputs.py DIR

Made with Python's own zipfile, struct, json and numpy (not the project's writers), so they are what
another tool would hand the project. scripts/hostile-table.sh runs each through the release binary.
"""
import json
import os
import struct
import sys
import zipfile

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
# SMALL=1 (make test's smoke run): every input still above its limit, but small and quick to write.
small = os.environ.get("SMALL") == "1"


def path(name):
    return os.path.join(out, name)


def npy_object_header():
    """numpy's .npy header for a one-element object array (the pickle follows)."""
    header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode()


def npz(name, members):
    with zipfile.ZipFile(path(name), "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members:
            z.writestr(member, data)


def npy(array):
    import io
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def sketches(count, scale=1.0):
    rng = np.random.default_rng(1)
    items = np.empty(count, dtype=object)
    for i in range(count):
        s = rng.integers(-20, 20, size=(12, 3)).astype(np.float32)
        s[:, 2] = (np.arange(12) % 4 == 3)
        s[:, :2] *= scale
        items[i] = s
    return items


# Pickles nested deep inside a 1 KB .npz (valid and test ordinary).
depth = 60_000
others = [(f"{s}.npy", npy(sketches(2))) for s in ("valid", "test")]
npz("nested-lists.npz", [("train.npy", npy_object_header() + b"\x80\x02" + b"]" * depth + b"a" * (depth - 1) + b".")] + others)
npz("nested-tuple1.npz", [("train.npy", npy_object_header() + b"\x80\x02]" + b"\x85" * depth + b".")] + others)
npz("nested-mark-tuples.npz", [("train.npy", npy_object_header() + b"\x80\x02" + b"(" * depth + b"t" * depth + b".")] + others)

# Quick, Draw! lines of 1 M raw zig-zag points, 1 M and 10 M simplified ones.
n = 200_000 if small else 1_000_000
with open(path("zigzag-1M-raw.ndjson"), "w") as f:
    xs = [0 if i % 2 == 0 else 1000 for i in range(n)]
    f.write(json.dumps({"word": "zigzag", "drawing": [[xs, [i % 7 for i in range(n)], list(range(n))]]}) + "\n")
for count, name in [(n, "zigzag-1M-simplified.ndjson"), (3_000_000 if small else 10_000_000, "zigzag-10M-simplified.ndjson")]:
    with open(path(name), "w") as f:
        f.write('{"word":"zigzag","drawing":[[[')
        f.write(",".join("0" if i % 2 == 0 else "255" for i in range(count)))
        f.write("],[")
        f.write(",".join(str(i % 256) for i in range(count)))
        f.write("]]]}\n")

# A prefix of 200 000 stroke-3 rows.
with open(path("prefix-200k.json"), "w") as f:
    f.write(json.dumps([[(-1) ** i * 30, 1, 0] for i in range(5_000 if small else 200_000)]))

# .npz: 100 000 extra members; the same without train.npy; train.npy twice (numpy reads the last).
splits = [(f"{s}.npy", npy(sketches(4))) for s in ("train", "valid", "test")]
tiny = npy(np.zeros(1, dtype=np.int16))
members = 2_000 if small else 100_000
npz("many-members.npz", splits + [(f"extra{i}.npy", tiny) for i in range(members)])
npz("many-members-no-train.npz", splits[1:] + [(f"extra{i}.npy", tiny) for i in range(members)])
with zipfile.ZipFile(path("duplicate-train.npz"), "w") as z:
    z.writestr("train.npy", splits[0][1])
    z.writestr("valid.npy", splits[1][1])
    z.writestr("test.npy", splits[2][1])
    with __import__("warnings").catch_warnings():
        __import__("warnings").simplefilter("ignore")
        z.writestr("train.npy", npy(sketches(2, scale=100)))

# Training data whose scale factor is 4.7e-31.
npz("tiny-scale.npz", [(f"{s}.npy", npy(sketches(40, scale=1e-31))) for s in ("train", "valid", "test")])


def safetensors_rewrite(source, name, edit):
    data = open(source, "rb").read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    edit(header)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    open(path(name), "wb").write(struct.pack("<Q", len(text)) + text + data[8 + n:])


shipped = os.path.join(os.path.dirname(__file__), "..", "checkpoints", "sheep.safetensors")


def half_rows(header):
    for key, entry in header.items():
        if key != "__metadata__" and len(entry["shape"]) == 2 and entry["shape"][0] > 100:
            entry["shape"] = [entry["shape"][0] + 0.5, entry["shape"][1]]
            return


safetensors_rewrite(shipped, "sheep-half-shape.safetensors", half_rows)
