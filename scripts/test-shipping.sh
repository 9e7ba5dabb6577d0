#!/usr/bin/env bash
# End-to-end check of training, shipping and model cards on tiny models (about a minute with a
# debug build), entirely under a temporary folder: nothing lands in checkpoints/ or docs/models/.
#   scripts/test-shipping.sh            (SKETCH_BIN defaults to the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f ../shared/data/aaron_sheep.npz ] || { echo "skipped: ../shared/data/aaron_sheep.npz is absent" >&2; exit 0; }
if [ -z "${SKETCH_BIN:-}" ]; then swift build --product sketch >&2; SKETCH_BIN=$PWD/.build/debug/sketch; fi
tmp=$(mktemp -d /tmp/sketch-shipping.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# PARK_DIR keeps the runs parked in this repository (checkpoints/training) out of these tiny runs.
export SKETCH_BIN SKETCH_CHECKPOINTS=$tmp/project/checkpoints CARD_DIR=$tmp/cards PARK_DIR=$tmp/parked
tiny="--batch 20 --eval-every 10 --checkpoint-every 10 --log-every 5"

# Train 20 steps, then resume to 30 (the script adds --resume by itself).
RUN_DIR=$tmp/runs/sheep STEPS=20 EXTRA_ARGS="--dec 32 $tiny" scripts/train-checkpoint.sh sheep 2 >/dev/null
RUN_DIR=$tmp/runs/sheep STEPS=30 EXTRA_ARGS="--dec 32 $tiny" scripts/train-checkpoint.sh sheep 2 >"$tmp/resume.txt"
grep -q "^resuming" "$tmp/resume.txt"
# A resume that contradicts the checkpoint's settings is refused, naming the flag, and trains nothing.
if RUN_DIR=$tmp/runs/sheep STEPS=40 EXTRA_ARGS="--dec 64 $tiny" scripts/train-checkpoint.sh sheep 2 >/dev/null 2>"$tmp/refused.txt"; then
  echo "a resume with --dec 64 over a --dec 32 run was accepted" >&2; exit 1
fi
grep -q -- "--dec 64 (the checkpoint has 32)" "$tmp/refused.txt"
# Flags of every group are checked, cells named as --cell spells them.
if RUN_DIR=$tmp/runs/sheep STEPS=40 EXTRA_ARGS="--dec 32 --cell layernorm --stroke-drop 0.2 $tiny" scripts/train-checkpoint.sh sheep 2 >/dev/null 2>"$tmp/refused.txt"; then
  echo "a resume with --cell layernorm --stroke-drop 0.2 over an lstm run was accepted" >&2; exit 1
fi
grep -q -- "--cell layernorm (the checkpoint has lstm)" "$tmp/refused.txt"
grep -q -- "--stroke-drop 0.2 (the checkpoint has 0.1)" "$tmp/refused.txt"
# A parked run (as a session leaves it in the repository) resumes in a new, empty RUN_DIR at its step.
scripts/park-run.sh sheep "$tmp/runs/sheep" >/dev/null
RUN_DIR=$tmp/runs/sheep-next STEPS=35 EXTRA_ARGS="--dec 32 $tiny" \
  scripts/train-checkpoint.sh sheep 2 >"$tmp/unparked.txt" 2>&1
grep -q "^resuming the run parked in $tmp/parked/sheep" "$tmp/unparked.txt"
grep -q '"step": 35' "$tmp/runs/sheep-next/log.jsonl"
[ "$(grep -c '"step": 10,' "$tmp/runs/sheep-next/log.jsonl")" -eq 1 ] || { echo "the parked run's log did not carry over" >&2; exit 1; }
RUN_DIR=$tmp/runs/sheep-vae STEPS=30 EXTRA_ARGS="--enc 16 --dec 32 --nz 8 $tiny" scripts/train-checkpoint.sh sheep-vae 2 >/dev/null
scripts/ship-checkpoint.sh sheep "$tmp/runs/sheep"
scripts/ship-checkpoint.sh sheep-vae "$tmp/runs/sheep-vae"
# The recipe's sampling style travels in the shipped file.
"$SKETCH_BIN" models show sheep | grep -q "^sampling: offsets 0.7 + 0.3 τ, softmax 0.5 + 0.5 τ, pen untempered (the model's own)"

# A fresh clone's layout, used from another folder without $SKETCH_CHECKPOINTS.
mkdir -p "$tmp/project/.build/release"
cp "$SKETCH_BIN" "$tmp/project/.build/release/sketch"
unset SKETCH_CHECKPOINTS
(cd / && "$tmp/project/.build/release/sketch" models | tee "$tmp/models.txt")
grep -q "^sheep .*decoder lstm" "$tmp/models.txt"
grep -q "^sheep-vae .*vae lstm" "$tmp/models.txt"
(cd / && "$tmp/project/.build/release/sketch" eval --model sheep-vae --data "$OLDPWD/../shared/data/aaron_sheep.npz" --json)
(cd / && "$tmp/project/.build/release/sketch" sample --model sheep -n 2 --seed 1 --output "$tmp/s.svg" >/dev/null)
for f in sheep.md sheep-loss.svg sheep-samples-0.5.svg sheep-vae.md sheep-vae-reconstruct.svg sheep-vae-interpolate.svg; do
  [ -s "$tmp/cards/$f" ] || { echo "missing $f" >&2; exit 1; }
done
grep -q "CC BY-NC 4.0" "$tmp/cards/sheep.md"
grep -q "outline closes" "$tmp/cards/sheep.md"

# Issue 23's bar (scripts/quality-bar.py) on the tiny shipped sheep: a table of every τ, and a model
# that misses the bar says where and exits 1; a run's own file takes the style as a flag.
set +e
python3 scripts/quality-bar.py --sketch "$SKETCH_BIN" --model "$tmp/project/checkpoints/sheep.safetensors" --data ../shared/data/aaron_sheep.npz \
  --samples 4 --taus 0.2,0.5 --closes --max-lr 0.073 --sheets "$tmp/bar" >"$tmp/bar.txt"
bar_status=$?
python3 scripts/quality-bar.py --sketch "$SKETCH_BIN" --model "$tmp/runs/sheep/best.safetensors" \
  --data ../shared/data/aaron_sheep.npz --samples 2 --taus 0.5 --style 0.6,0.4:0.5,0.5:untempered >"$tmp/bar-run.txt"
bar_run_status=$?
set -e
[ "$bar_status" -eq 1 ] || { echo "quality-bar.py exited $bar_status on a 30-step model" >&2; cat "$tmp/bar.txt" >&2; exit 1; }
grep -q "^| τ 0.5 | " "$tmp/bar.txt" && grep -q "^bar missed on " "$tmp/bar.txt" && grep -q "^test L_R " "$tmp/bar.txt"
[ -s "$tmp/bar/samples-0.2.svg" ] && [ -s "$tmp/bar/samples-0.5.svg" ]
[ "$bar_run_status" -le 1 ] && grep -q "^| τ 0.5 | " "$tmp/bar-run.txt"

# Exports carry what Google's sketch_rnn.js logs (issue 23): r_loss and kl_loss (the test figures),
# training_size (aaron_sheep's 7400 training sketches), and the first input the model was trained with.
for m in sheep sheep-vae; do
  (cd / && "$tmp/project/.build/release/sketch" export --model $m --output "$tmp/$m.json" >/dev/null)
  python3 - "$tmp/$m.json" "$m" <<'PY'
import json, sys
info = json.load(open(sys.argv[1]))[0]
losses = json.loads(info["losses"])
problems = []
if info.get("training_size") != 7400: problems.append(f"training_size {info.get('training_size')!r}, not 7400")
if info.get("r_loss") != losses["test_reconstruction"]: problems.append(f"r_loss {info.get('r_loss')!r} is not the test L_R")
if info.get("kl_loss") != losses.get("test_kl", 0): problems.append(f"kl_loss {info.get('kl_loss')!r} is not the test L_KL")
if info.get("first_input") != [0, 0, 1, 0, 0]: problems.append(f"first_input {info.get('first_input')!r}")
if problems: sys.exit(f"{sys.argv[2]}.json: " + "; ".join(problems))
PY
done
# The same exports in Google's library, as it samples by itself and as the app does (scripts/js-sample.mjs).
if [ -n "${SKETCH_RNN_JS:-}" ] && command -v node >/dev/null; then
  for m in sheep sheep-vae; do
    node scripts/js-sample.mjs "$tmp/$m.json" -n 3 --tau 0.5 --seed 1 --json > "$tmp/$m-js.json"
    python3 - "$tmp/$m-js.json" "$m" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
log = " ".join(r["library_log"])
assert "NaN" not in log and "undefined" not in log.split("training sample size=")[1], f"{sys.argv[2]}: the library logs {log}"
assert r["first_input"] == [0, 0, 1, 0, 0], r["first_input"]
modes = {x["mode"]: x for x in r["results"]}
assert set(modes) == {"library", "app"}, modes
for x in modes.values():
    assert x["samples"] == 3 and 0 <= x["ended"] <= 3 and x["draws"] >= 3 and x["length"]["median"] >= 0, x
print(f"{sys.argv[2]} in Google's library: " + log)
PY
  done
else
  echo "skipped: Google's sketch_rnn.js run of the exports (set SKETCH_RNN_JS to magenta-demos' sketch-rnn-js/lib/sketch_rnn.js, and have node)"
fi
echo "shipping path OK"
