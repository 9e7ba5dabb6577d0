#!/usr/bin/env bash
# Trains, or continues, the run behind a shipped checkpoint:
#   scripts/train-checkpoint.sh NAME [MINUTES]      NAME: sheep, sheep-vae, omniglot, kanji, sheep-aug, sheep-256, sheep-layernorm
# Writes runs/NAME/ (git-ignored): best.safetensors, state.safetensors, log.jsonl, loss.svg.
# Resumes exactly when runs/NAME/state.safetensors exists, so run it again to train longer; a run
# parked in checkpoints/training/NAME (scripts/park-run.sh) is copied into an empty RUN_DIR first.
# Environment: RUN_DIR (instead of runs/NAME), STEPS (a total step count to stop at),
# EXTRA_ARGS (more sketch train flags), PARK_DIR (instead of checkpoints/training), PEN_LOSS,
# SKETCH_DATA, SKETCH_BIN (see checkpoint-recipes.sh).
# Then ship: sketch models ship runs/NAME/best.safetensors --name NAME --data FILE
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/checkpoint-recipes.sh
[ $# -ge 1 ] || { echo "usage: $0 NAME [MINUTES]" >&2; exit 2; }
name=$1
recipe "$name" || exit 2
minutes=${2:-$RECIPE_MINUTES}
run=${RUN_DIR:-runs/$name}
sketch_binary

# A run parked in the repository by an earlier session (scripts/park-run.sh) seeds an empty RUN_DIR.
park=${PARK_DIR:-checkpoints/training}/$name
if [ ! -f "$run/state.safetensors" ] && [ -f "$park/state.safetensors" ]; then
  mkdir -p "$run"
  for f in state.safetensors best.safetensors log.jsonl loss.svg; do
    [ -f "$park/$f" ] && cp "$park/$f" "$run/$f"
  done
  echo "resuming the run parked in $park" >&2
fi

args=(train --data "${RECIPE_DATA[@]}" "${RECIPE_ARGS[@]}" --name "$name" --minutes "$minutes" --out "$run")
[ -n "${STEPS:-}" ] && args+=(--steps "$STEPS")
[ -f "$run/state.safetensors" ] && args+=(--resume)
# shellcheck disable=SC2206
[ -n "${EXTRA_ARGS:-}" ] && args+=($EXTRA_ARGS)
echo "sketch ${args[*]}" >&2
# OpenBLAS picks its fastest kernels when these are unset (as on a user's machine).
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$SKETCH" "${args[@]}"
