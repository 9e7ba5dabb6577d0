#!/usr/bin/env bash
# Writes the model card of a shipped checkpoint, docs/models/NAME.md, and its figures, every one
# produced here by running sketch on the shipped file:
#   scripts/model-card.sh NAME RUN_DIR
# NAME must already be shipped (sketch models ship; $SKETCH_CHECKPOINTS picks another folder).
# RUN_DIR is the training run (its loss.svg is copied). CARD_DIR writes elsewhere than docs/models.
# CARD_STATUS, when set, is printed as the card's status line (e.g. for a model still training).
# CARD_COMPARE, when set, is another model (e.g. Google's sheep.gen.json) whose sheet at τ = 0.5 and
# figures are shown beside this one's.
# CARD_PREFIX, when set, is a partial drawing (a prefix file of `sketch complete`) whose endings at the
# app's settings (6 endings, τ = 0.5) the card shows, as the app would draw them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/checkpoint-recipes.sh
[ $# -eq 2 ] || { echo "usage: $0 NAME RUN_DIR" >&2; exit 2; }
name=$1 run=$2
recipe "$name" || exit 2
[ -f "$run/loss.svg" ] || { echo "$run/loss.svg: no such file (is $run a training run?)" >&2; exit 1; }
sketch_binary
out=${CARD_DIR:-docs/models}
mkdir -p "$out"
data=("${RECIPE_DATA[@]}")

show=$("$SKETCH" models show "$name")
field() { printf '%s\n' "$show" | sed -n "s/^$1: //p"; }
vae=no
case "$(field model)" in VAE*) vae=yes ;; esac

cp "$run/loss.svg" "$out/$name-loss.svg.tmp" && mv "$out/$name-loss.svg.tmp" "$out/$name-loss.svg"
eval_cmd="sketch eval --model $name --data ${data[*]}"
eval_out=$("$SKETCH" eval --model "$name" --data "${data[@]}")
eval_json=$("$SKETCH" eval --model "$name" --data "${data[@]}" --json)

# 36 samples a sheet: at 16, one unlucky seed can make a sound model look worse than it is.
# Beside each sheet: how many of 100 drawings end before Nmax, and their median length against the test split's.
figures() {  # MODEL TAU; sets fig="ended 100 / 100 (93 on the first draw); length q1 / median / q3 102 / 129 / 168 (test 90 / 119 / 160)"
  local report ended first lengths test
  report=$("$SKETCH" eval --model "$1" --data "${data[@]}" --samples 100 --temperature "$2" --seed 3)
  ended=$(printf '%s\n' "$report" | sed -n 's/^  ended before Nmax *\([0-9]* \/ [0-9]*\).*/\1/p')
  first=$(printf '%s\n' "$report" | sed -n 's/^  ended on the first draw *\([0-9]*\) \/.*/\1/p')
  lengths=$(printf '%s\n' "$report" | sed -n 's/^  length q1 \/ median \/ q3 *//p')
  test=$(printf '%s\n' "$report" | sed -n 's/^  test split ([0-9]*) *//p')
  [ -n "$ended" ] && [ -n "$first" ] && [ -n "$lengths" ] && [ -n "$test" ] || { echo "unexpected sketch eval --samples output for $1:" >&2; echo "$report" >&2; exit 1; }
  # What a person sees (issue 23): "strokes a drawing   17.7      11.6" → "17.7 (test 11.6)".
  shape() { printf '%s\n' "$report" | sed -n "s/^  $1  *\([^ ]*\( %\)\{0,1\}\)  *\([^ ]*\( %\)\{0,1\}\)\$/\1 (test \3)/p"; }
  local strokes dashes size closes
  strokes=$(shape "strokes a drawing") dashes=$(shape "dashes a drawing") size=$(shape "median size (data px)") closes=$(shape "longest stroke closes")
  [ -n "$strokes" ] && [ -n "$dashes" ] && [ -n "$size" ] && [ -n "$closes" ] || { echo "unexpected sketch eval --samples figures for $1:" >&2; echo "$report" >&2; exit 1; }
  fig="ended $ended ($first on the first draw); length q1 / median / q3 $lengths (test $test); strokes $strokes, dashes $dashes, size $size px, outline closes $closes"
}
samples=""
for t in 0.2 0.5 0.8; do
  "$SKETCH" sample --model "$name" --temperature "$t" -n 36 --seed 1 --output "$out/$name-samples-$t.svg" >/dev/null
  figures "$name" "$t"
  samples+="| τ = $t | $fig | ![samples at τ = $t]($name-samples-$t.svg) |"$'\n'
done
compare_section=""
if [ -n "${CARD_COMPARE:-}" ]; then
  other=$(basename "$CARD_COMPARE")
  "$SKETCH" sample --model "$CARD_COMPARE" --temperature 0.5 -n 36 --seed 1 --output "$out/$name-compare-0.5.svg" >/dev/null
  figures "$CARD_COMPARE" 0.5
  compare_section="
For comparison, \`$other\` at τ = 0.5 with the same sampling and seeds (its figures against the test
sketches of at most its Nmax, which are not its own data): $fig.

![$other at τ = 0.5]($name-compare-0.5.svg)
"
fi
complete_section=""
if [ -n "${CARD_PREFIX:-}" ]; then
  "$SKETCH" complete --model "$name" --prefix "$CARD_PREFIX" -n 6 --temperature 0.5 --seed 1 --output "$out/$name-complete.svg" >/dev/null
  complete_section="
## Endings of a drawing

What the app draws beside a drawing (its defaults: 6 endings at τ = 0.5), here for \`$CARD_PREFIX\`:

\`\`\`
sketch complete --model $name --prefix $CARD_PREFIX -n 6 --temperature 0.5 --seed 1
\`\`\`

![endings]($name-complete.svg)
"
fi
sample_cmd="sketch sample --model $name --temperature τ -n 36 --seed 1 --output $name-samples-τ.svg"

vae_section=""
if [ $vae = yes ]; then
  set_file=${data[0]}
  inputs=("$set_file@0" "$set_file@1" "$set_file@2" "$set_file@3" "$set_file@4")
  "$SKETCH" reconstruct --model "$name" --split test -n 4 --seed 1 --output "$out/$name-reconstruct.svg" "${inputs[@]}" >/dev/null
  corners=("$set_file@0" "$set_file@1" "$set_file@2" "$set_file@3")
  "$SKETCH" interpolate --model "$name" --split test --rows 5 --columns 5 --seed 1 --output "$out/$name-interpolate.svg" "${corners[@]}" >/dev/null
  vae_section="## Reconstructions

Five test sketches (first column, black) and four reconstructions of each from z = mu, τ = 0.1:

\`\`\`
sketch reconstruct --model $name --split test -n 4 --seed 1 ${inputs[*]}
\`\`\`

![reconstructions]($name-reconstruct.svg)

## Latent space

A grid between the latent vectors of four test sketches (corners), τ = 0.1:

\`\`\`
sketch interpolate --model $name --split test --rows 5 --columns 5 --seed 1 ${corners[*]}
\`\`\`

![interpolation]($name-interpolate.svg)
"
fi

table=$(printf '%s\n' "$show" | sed 's/|/\\|/g; s/^\([^:]*\): \(.*\)$/| \1 | \2 |/')
card="# \`$name\`

Shipped checkpoint \`checkpoints/$name.safetensors\`, trained by this project's own trainer
(\`scripts/train-checkpoint.sh $name\`, recipe in \`scripts/checkpoint-recipes.sh\`) and shipped with
\`sketch models ship\`. Use it with \`--model $name\` from any folder.

${CARD_STATUS:+**Status:** $CARD_STATUS

}**Data and licence:** $(field licence). Drawings made with this model derive
from that data; respect its licence.

## Model and training

From \`sketch models show $name\`:

| | |
| --- | --- |
$table

## Loss curve

Training loss and validation loss (\`L_R + w_KL · L_KL\`, un-annealed) against the step:

![loss curve]($name-loss.svg)

## Test figures

The paper's Table 1 figures on the test split (\`L_p\` over all Nmax steps, \`L_KL\` raw):

\`\`\`
\$ $eval_cmd
$eval_out

\$ $eval_cmd --json
$eval_json
\`\`\`

## Samples

\`$sample_cmd\`, for τ = 0.2, 0.5 and 0.8, with the model's sampling style ($(field sampling);
\`sketch models style $name\`, docs/generation.md; a drawing that runs out of steps is drawn again, up to 4 times). Beside each
sheet, \`sketch eval --model $name --data ${data[*]} --samples 100 --temperature τ --seed 3\`: of 100
drawings, how many end before Nmax (and how many of them on their first draw, the model's own
share), their lengths in stroke-3 points (one that never ends counts Nmax), pen-down strokes and
dashes (strokes shorter than 5 % of the drawing's larger side) a drawing, the median size (larger
side) in data pixels and the share whose longest stroke closes on itself, each against the test
split's.

| τ | 100 drawings | samples |
| --- | --- | --- |
$samples$compare_section$complete_section
$vae_section"
printf '%s' "$card" > "$out/$name.md.tmp" && mv "$out/$name.md.tmp" "$out/$name.md"
echo "wrote $out/$name.md"
