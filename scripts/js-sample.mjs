#!/usr/bin/env node
// Samples a sketch-rnn-js export in Google's own sketch_rnn.js (magenta-demos,
// sketch-rnn-js/lib/sketch_rnn.js), two ways, and reports how many drawings end and how long they are:
//
//   library  what the library does by itself: generate(τ) (decode(z, τ) for a VAE, z from the prior):
//            zeros as the first input, the pen tempered with the mixture weights at 0.5 + 0.5 τ, no redraws.
//   app      what this project's app does (docs/formats.md, "Drawing an export like the app"): the first
//            input from info.first_input, the model's sampling style from info.sampling (the project's
//            standard when absent), and a drawing that runs out of steps drawn again from the initial
//            state, up to --redraws times. The library still runs every forward step (update, get_pdf)
//            and draws the offsets (sample); only the pen is drawn here, as MixtureDraw.swift does.
//
// The library is not part of this project: give its path with --lib or $SKETCH_RNN_JS (numjs.js, which it
// needs, is looked for beside it unless $SKETCH_RNN_NUMJS names it).
//
//   node scripts/js-sample.mjs MODEL.json [-n 50] [--tau T] [--seed 11] [--mode both|library|app]
//        [--redraws 4] [--lib PATH/sketch_rnn.js] [--json]
//
// Without --tau both draw at the model's own τ (info.sampling.tau), as the app starts, else at 0.5.
//
// Lengths are in stroke-3 points (the end row not counted); a drawing that never ends counts Nmax, as in
// `sketch eval --samples`. Math.random is replaced by a seeded generator, so a run repeats exactly.

import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

const usage = "usage: node scripts/js-sample.mjs MODEL.json [-n N] [--tau T] [--seed S] [--mode both|library|app] [--redraws R] [--lib sketch_rnn.js] [--json]";

function parseArguments(argv) {
  const options = { n: 50, tau: null, seed: 11, mode: "both", redraws: 4, lib: process.env.SKETCH_RNN_JS, json: false, model: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value\n${usage}`);
      return argv[++i];
    };
    const number = (text, name, check) => {
      const v = Number(text);
      if (!Number.isFinite(v) || !check(v)) fail(`${name} ${text} is not usable\n${usage}`);
      return v;
    };
    switch (a) {
      case "-n": options.n = number(value(), "-n", (v) => Number.isInteger(v) && v >= 1 && v <= 10000); break;
      case "--tau": options.tau = number(value(), "--tau", (v) => v >= 0 && v <= 2); break;
      case "--seed": options.seed = number(value(), "--seed", (v) => Number.isInteger(v) && v >= 0); break;
      case "--redraws": options.redraws = number(value(), "--redraws", (v) => Number.isInteger(v) && v >= 0 && v <= 100); break;
      case "--mode": options.mode = value(); if (!["both", "library", "app"].includes(options.mode)) fail(`--mode is both, library or app\n${usage}`); break;
      case "--lib": options.lib = value(); break;
      case "--json": options.json = true; break;
      case "-h": case "--help": console.log(usage); process.exit(0);
      default:
        if (a.startsWith("-") || options.model) fail(`unexpected argument ${a}\n${usage}`);
        options.model = a;
    }
  }
  if (!options.model) fail(usage);
  if (!options.lib) fail("give Google's sketch_rnn.js with --lib PATH or $SKETCH_RNN_JS (magenta-demos, sketch-rnn-js/lib/sketch_rnn.js)");
  return options;
}

function fail(message) {
  console.error(`js-sample: ${message}`);
  process.exit(2);
}

function readText(file, what) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    fail(`${file}: cannot read ${what} (${e.code ?? e.message})`);
  }
}

// sfc32: a small seeded generator standing in for Math.random inside the library's context.
function seededRandom(seed) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b | 0) + d | 0;
    d = d + 1 | 0;
    a = b ^ b >>> 9;
    b = c + (c << 3) | 0;
    c = c << 21 | c >>> 11;
    c = c + t | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

/// Google's library and numjs in a context of their own; `log` collects what the library prints.
function loadLibrary(libPath) {
  const numjsPath = process.env.SKETCH_RNN_NUMJS ?? path.join(path.dirname(libPath), "numjs.js");
  const log = [];
  const context = vm.createContext({
    console: { log: (...a) => log.push(a.join(" ")), warn: (...a) => log.push(a.join(" ")), error: (...a) => log.push(a.join(" ")) },
    atob, btoa,
  });
  const libText = readText(libPath, "Google's sketch_rnn.js");
  vm.runInContext(readText(numjsPath, "numjs.js (sketch_rnn.js needs it beside it, or set $SKETCH_RNN_NUMJS)"), context, { filename: numjsPath });
  vm.runInContext(libText, context, { filename: libPath });
  if (typeof context.SketchRNN !== "function" || typeof context.nj !== "object") {
    fail(`${libPath}: not Google's sketch_rnn.js (no SketchRNN after loading it beside ${numjsPath})`);
  }
  return {
    log,
    newModel: (data) => new context.SketchRNN(data),
    seed: (s) => { vm.runInContext("Math", context).random = seededRandom(s); },
  };
}

/// The project's sampling style (Sources/SketchRNN/Generation/SamplingStyle.swift) at τ; the standard
/// when the file carries none.
function temperatures(style, tau) {
  const s = style ?? { offsets: { base: 0, slope: 1 }, softmax: { base: 0.5, slope: 0.5 }, pen: "untempered" };
  const at = (line) => Math.max(0, line.base + line.slope * tau);
  return { offsets: at(s.offsets), softmax: at(s.softmax), pen: s.pen };
}

const greedyThreshold = 1e-4;

/// Index drawn from probabilities `p` re-tempered at `t` (softmax(log p / t)); the likeliest when t ≈ 0.
function pick(p, t, random) {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
  if (t < greedyThreshold) return best;
  const w = p.map((x) => Math.pow(x / p[best], 1 / t));
  let u = random() * w.reduce((a, b) => a + b, 0);
  for (let k = 0; k < w.length; k++) {
    u -= w[k];
    if (u < 0) return k;
  }
  return best;
}

/// The pen as MixtureDraw.swift draws it: 0 down, 1 up, 2 end.
function drawPen(penProbabilities, t, random) {
  const p = Array.from({ length: 3 }, (_, k) => penProbabilities.get(k));
  switch (t.pen) {
    case "untempered": return pick(p, 1, random);
    case "tempered": return pick(p, t.softmax, random);
    case "untempered-end":
      if (random() * (p[0] + p[1] + p[2]) < p[2]) return 2;
      return pick([p[0], p[1]], t.softmax, random);
    default: fail(`unknown pen treatment "${t.pen}" in info.sampling`);
  }
}

/// One point as the app draws it: the library's sample() for the mixture weights and offsets, the pen here.
function drawPoint(model, pdf, t, random) {
  // First: the library's sample() overwrites the pdf's π and pen probabilities with log(p) / T in place.
  const pen = drawPen(pdf[6], t, random);
  let dx, dy;
  if (t.softmax >= greedyThreshold) {
    [dx, dy] = model.sample(pdf, t.offsets, t.softmax);
  } else {
    // sample() would divide by a zero softmax temperature: the likeliest component, as the app takes.
    const pi = Array.from({ length: pdf[0].shape[0] }, (_, k) => pdf[0].get(k));
    const j = pick(pi, 0, random);
    const r = Math.sqrt(t.offsets);
    [dx, dy] = model.birandn(pdf[1].get(j), pdf[2].get(j), pdf[3].get(j) * r, pdf[4].get(j) * r, pdf[5].get(j));
    dx *= model.scale_factor;
    dy *= model.scale_factor;
  }
  return [dx, dy, pen];
}

/// A drawing as this project's app draws it; `points` excludes the end.
function drawLikeTheApp(model, info, t, redraws, random) {
  const first = info.first_input ?? [0, 0, 0, 0, 0];
  const vae = info.mode !== 2 && info.mode !== "gen";
  for (let draw = 1; ; draw++) {
    // A VAE drawing from the prior draws its z anew with each draw, as the app does.
    const z = vae ? model.random_latent_vector() : undefined;
    let state = vae ? model.get_init_state_from_latent_vector(z) : model.zero_state();
    let x = first;
    let points = 0;
    while (points < info.max_seq_len) {
      state = model.update(x, state, z);
      const [dx, dy, pen] = drawPoint(model, model.get_pdf(state), t, random);
      if (pen === 2) return { ended: true, points, draws: draw };
      points += 1;
      x = [dx, dy, pen === 0 ? 1 : 0, pen === 1 ? 1 : 0, 0];
    }
    if (draw > redraws) return { ended: false, points, draws: draw };
  }
}

/// A drawing as the library draws it by itself: generate() or decode() return the rows with the end row
/// last (Nmax rows and an appended end row when the drawing ran out).
function drawLikeTheLibrary(model, info, tau) {
  const vae = info.mode !== 2 && info.mode !== "gen";
  const rows = vae ? model.decode(model.random_latent_vector(), tau) : model.generate(tau);
  const points = rows.length - 1;
  return { ended: points < info.max_seq_len, points, draws: 1 };
}

/// Type-7 quantile, as LengthFigures.swift.
function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const position = q * (sorted.length - 1);
  const below = Math.floor(position), above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] * (1 - (position - below)) + sorted[above] * (position - below);
}

function summary(mode, drawings, seconds, steps) {
  const lengths = drawings.map((d) => d.points).sort((a, b) => a - b);
  return {
    mode,
    samples: drawings.length,
    ended: drawings.filter((d) => d.ended).length,
    ended_first_draw: drawings.filter((d) => d.ended && d.draws === 1).length,
    empty: drawings.filter((d) => d.ended && d.points === 0).length,
    draws: drawings.reduce((a, d) => a + d.draws, 0),
    length: { q1: quantile(lengths, 0.25), median: quantile(lengths, 0.5), q3: quantile(lengths, 0.75) },
    ms_per_step: steps > 0 ? (1000 * seconds) / steps : null,
  };
}

function run(options) {
  const library = loadLibrary(options.lib);
  let data;
  try {
    data = JSON.parse(readText(options.model, "the model"));
  } catch (e) {
    fail(`${options.model}: not JSON (${e.message})`);
  }
  if (!Array.isArray(data) || data.length !== 3 || typeof data[0] !== "object") fail(`${options.model}: not a sketch-rnn-js model [info, shapes, blobs]`);
  const info = data[0];
  if (options.tau === null) options.tau = info.sampling?.tau ?? 0.5;
  let model;
  try {
    model = library.newModel(data);
  } catch (e) {
    fail(`${options.model}: Google's library cannot load it (${e.message})`);
  }
  // Offsets in data pixels (the library's default pixel factor 2 halves them for p5.js); lengths do not depend on it.
  model.set_pixel_factor(1);
  const t = temperatures(info.sampling, options.tau);
  const results = [];
  for (const mode of options.mode === "both" ? ["library", "app"] : [options.mode]) {
    // Each mode starts from the same seed, so `--mode app` alone gives the same figures as in `both`.
    library.seed(options.seed);
    const random = seededRandom(options.seed ^ 0x5bd1e995);
    const drawings = [];
    const start = process.hrtime.bigint();
    for (let i = 0; i < options.n; i++) {
      drawings.push(mode === "app" ? drawLikeTheApp(model, info, t, options.redraws, random) : drawLikeTheLibrary(model, info, options.tau));
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    // Steps run: every point, plus the step that drew each end, of every draw (an approximation for redraws).
    const steps = drawings.reduce((a, d) => a + d.points + (d.ended ? 1 : 0) + (d.draws - 1) * info.max_seq_len, 0);
    results.push(summary(mode, drawings, seconds, steps));
  }
  const loadLog = library.log.filter((l) => /loss|size|scale factor|max seq len/.test(l));
  const report = {
    model: options.model, name: info.name, max_seq_len: info.max_seq_len, tau: options.tau, seed: options.seed,
    first_input: info.first_input ?? null, sampling: info.sampling ?? null,
    app_temperatures: t, redraws: options.redraws, library_log: loadLog, results,
  };
  if (options.json) {
    console.log(JSON.stringify(report));
    return;
  }
  console.log(`${info.name} (${options.model}): ${options.n} drawings at τ ${options.tau}, seed ${options.seed}, Nmax ${info.max_seq_len}`);
  console.log(`  the library says: ${loadLog.join("; ")}`);
  console.log(`  as the app: first input [${(info.first_input ?? [0, 0, 0, 0, 0]).join(",")}], offsets ${t.offsets.toFixed(3)}, softmax ${t.softmax.toFixed(3)}, pen ${t.pen}, up to ${options.redraws} redraws`
    + (info.sampling ? "" : " (the project's standard style: the file carries none)"));
  for (const r of results) {
    const label = r.mode === "library" ? "library default" : "as the app     ";
    console.log(`  ${label}  ended ${r.ended} / ${r.samples} (first draw ${r.ended_first_draw}, empty ${r.empty}), ${r.draws} draws, `
      + `length q1 / median / q3 ${r.length.q1} / ${r.length.median} / ${r.length.q3}, ${r.ms_per_step.toFixed(2)} ms a step`);
  }
}

run(parseArguments(process.argv.slice(2)));
