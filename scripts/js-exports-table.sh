#!/usr/bin/env bash
# Regenerates docs/formats.md's table "The shipped models in Google's library": exports each shipped model
# to sketch-rnn-js JSON, samples it in Google's sketch_rnn.js as the library does by itself and as this
# project's app does (scripts/js-sample.mjs), and runs `sketch eval --samples` beside it, with and without
# redraws. Prints a Markdown table; the runs it is made from are kept in $OUT (default: a temporary folder),
# and a run already there is not repeated: delete $OUT (or the model's files in it) after reshipping a model.
#
#   SKETCH_RNN_JS=PATH/sketch_rnn.js scripts/js-exports-table.sh [MODEL ...]
#
# Environment: SKETCH_BIN (default .build/release/sketch), SKETCH_DATA (default ../shared/data),
# JS_SAMPLES (drawings per run in JavaScript, default 50), EVAL_SAMPLES (default 100), TAUS (default
# "0.5 0.2"), SEED (default 11), OUT. Google's library is slow (one LSTM step in numjs takes ~6 ms of
# CPU): 50 drawings of four models at two τ take several minutes of CPU. Runs under nice -n 10.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${SKETCH_RNN_JS:?set SKETCH_RNN_JS to sketch_rnn.js of magenta-demos (sketch-rnn-js/lib/sketch_rnn.js)}"
sketch=${SKETCH_BIN:-.build/release/sketch}
data=${SKETCH_DATA:-../shared/data}
js_samples=${JS_SAMPLES:-50}
eval_samples=${EVAL_SAMPLES:-100}
taus=${TAUS:-0.5 0.2}
seed=${SEED:-11}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
[ -x "$sketch" ] || { echo "js-exports-table: no $sketch; build it (make release) or set SKETCH_BIN" >&2; exit 1; }

models=("$@")
[ ${#models[@]} -gt 0 ] || models=(sheep sheep-vae omniglot kanji)

data_of() {
  case "$1" in
    sheep|sheep-vae) echo "$data/aaron_sheep.npz" ;;
    omniglot) echo "$data/omniglot.npz" ;;
    kanji) echo "$data/kanji.rdp100.npz" ;;
    *) echo "js-exports-table: no data set known for $1" >&2; exit 1 ;;
  esac
}

# τ by τ, so that the first τ's rows come first; a run already in $OUT is kept (rerun to finish one).
lines="$out/runs.jsonl"
: > "$lines"
for tau in $taus; do
  for model in "${models[@]}"; do
    npz=$(data_of "$model")
    [ -s "$out/$model.json" ] || "$sketch" export --model "$model" --output "$out/$model.json" >&2
    run="$out/$model-$tau"
    echo "js-exports-table: $model at τ $tau" >&2
    [ -s "$run-js.json" ] || nice -n 10 node scripts/js-sample.mjs "$out/$model.json" -n "$js_samples" --tau "$tau" --seed "$seed" --json > "$run-js.json.part"
    [ -s "$run-js.json" ] || mv "$run-js.json.part" "$run-js.json"
    [ -s "$run-eval0.json" ] || nice -n 10 "$sketch" eval --model "$model" --data "$npz" --samples "$eval_samples" --temperature "$tau" --seed "$seed" --redraws 0 --json > "$run-eval0.json"
    [ -s "$run-eval.json" ] || nice -n 10 "$sketch" eval --model "$model" --data "$npz" --samples "$eval_samples" --temperature "$tau" --seed "$seed" --json > "$run-eval.json"
    echo "{\"model\": \"$model\", \"tau\": $tau, \"js\": $(cat "$run-js.json"), \"eval_no_redraws\": $(cat "$run-eval0.json"), \"eval\": $(cat "$run-eval.json")}" >> "$lines"
  done
done

python3 - "$lines" <<'EOF'
import json, sys

def median(x):
    return ("%g" % x) if x == int(x) else "%.1f" % x

print("| model (test median) | τ | Google's library by itself: ended, empty, median | as the app in Google's library: ended first draw → after redraws, median | `sketch eval --redraws 0`: ended, median | `sketch eval` (4 redraws): ended, median |")
print("| --- | --- | --- | --- | --- | --- |")
for line in open(sys.argv[1]):
    r = json.loads(line)
    js = {x["mode"]: x for x in r["js"]["results"]}
    lib, app = js["library"], js["app"]
    e0, e = r["eval_no_redraws"], r["eval"]
    print(f"| `{r['model']}` ({median(e['test_length']['median'])}) | {r['tau']} "
          f"| {lib['ended']} / {lib['samples']}, {lib['empty']}, {median(lib['length']['median'])} "
          f"| {app['ended_first_draw']} → {app['ended']} / {app['samples']}, {median(app['length']['median'])} "
          f"| {e0['ended']} / {e0['samples']}, {median(e0['length']['median'])} "
          f"| {e['ended']} / {e['samples']}, {median(e['length']['median'])} |")
EOF
echo "js-exports-table: runs in $lines" >&2
