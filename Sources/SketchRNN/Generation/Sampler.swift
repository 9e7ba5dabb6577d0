/// Draws whole sketches from a model (docs/model.md §4): several at once as one batch, so every step is one
/// matrix product for all of them; seeded and reproducible.
///
/// Sketches come out in model units; multiply by the model's scale factor for data pixels.
package final class Sampler {
    package let model: ModelFile
    let stepper: DecoderStepper
    private var inputs: [Float]

    /// `capacity`: the most sketches one call draws at once.
    package init(model: ModelFile, capacity: Int = 16) throws {
        self.model = model
        stepper = try DecoderStepper(parameters: model.parameters, config: model.config, capacity: capacity)
        inputs = [Float](repeating: 0, count: max(1, capacity) * 5)
    }

    package var capacity: Int { stepper.capacity }

    package struct Options: Sendable {
        package var temperature: SamplingTemperature
        package var seed: UInt64
        /// Steps at most; nil means the model's Nmax.
        package var maxSteps: Int?
        /// Stop a sketch at its end token (p3). Off only for benchmarks, which run every step.
        package var stopAtEnd: Bool
        /// How often a sketch that runs out of steps without its end token is drawn again from the
        /// start, each time with a fresh random stream (`Redraws`); 0 keeps the model's first draw.
        package var redraws: Int

        package init(temperature: SamplingTemperature = SamplingTemperature(0.5), seed: UInt64 = 0,
                    maxSteps: Int? = nil, stopAtEnd: Bool = true, redraws: Int = Redraws.default) {
            self.temperature = temperature
            self.seed = seed
            self.maxSteps = maxSteps
            self.stopAtEnd = stopAtEnd
            self.redraws = redraws
        }
    }

    /// `count` sketches. A VAE decodes `latents` (`count × Nz`, row by row) or, without them, latent
    /// vectors drawn from the prior N(0, I) with the seed; a decoder-only model ignores `latents`.
    /// Larger counts than `capacity` run as several batches.
    package func sample(count: Int, latents: [Float]? = nil, options: Options) -> [Sketch] {
        drawings(count: count, latents: latents, options: options).map(\.sketch)
    }

    /// A sketch with how it was drawn.
    package struct Drawing: Equatable, Sendable {
        package var sketch: Sketch
        /// Draws it took: 1 when the first ended; more when the first ran out of steps.
        package var draws: Int
        /// False when every draw ran out of steps: the sketch is the last draw, cut at the limit.
        package var ended: Bool
    }

    /// Follows a batch as it is drawn: `finished(i, drawing)` as soon as sketch `i` is done (so a
    /// caller can show it before the slowest of the batch ends), and the batch stops early, its
    /// unfinished sketches left as they are, once `isCancelled()` is true (checked every step).
    package struct Watch {
        package var finished: (Int, Drawing) -> Void
        package var isCancelled: () -> Bool

        package init(finished: @escaping (Int, Drawing) -> Void = { _, _ in }, isCancelled: @escaping () -> Bool = { false }) {
            self.finished = finished
            self.isCancelled = isCancelled
        }
    }

    /// The same as `sample`, with each sketch's draws (what `sketch eval --samples` counts).
    package func drawings(count: Int, latents: [Float]? = nil, options: Options, watch: Watch? = nil) -> [Drawing] {
        let nz = model.config.latentSize
        var z: [Float]? = nil
        if model.config.isVAE {
            if let latents {
                precondition(latents.count == count * nz, "latents must hold count × Nz values")
                z = latents
            } else {
                var rng = StreamRandom.generator(seed: options.seed, stream: -1)
                z = StreamRandom.gaussians(count * nz, rng: &rng)
            }
        }
        var drawings = [Drawing]()
        var first = 0
        while first < count {
            let n = min(capacity, count - first)
            let zBatch = z.map { Array($0[(first * nz)..<((first + n) * nz)]) }
            drawings += batch(streams: first..<(first + n), latents: zBatch, priorLatents: latents == nil, options: options, watch: watch)
            first += n
        }
        return drawings
    }

    /// `priorLatents`: the VAE's z were drawn from the prior, so a redraw draws its z anew too
    /// (the sketch is conditioned on ending, not the z); given latents are kept.
    private func batch(streams: Range<Int>, latents: [Float]?, priorLatents: Bool, options: Options, watch: Watch?) -> [Drawing] {
        let n = streams.count
        let maxSteps = options.maxSteps ?? model.config.nmax
        guard maxSteps > 0 else { return Array(repeating: Drawing(sketch: Sketch(), draws: 1, ended: false), count: n) }
        stepper.start(rows: n, latent: latents)
        var rngs = streams.map { Redraws.generator(seed: options.seed, stream: $0, draw: 0) }
        let first = model.config.firstInput.row
        for r in 0..<n { for k in 0..<5 { inputs[r * 5 + k] = first[k] } }
        let redraws = options.stopAtEnd ? max(0, options.redraws) : 0
        var points = [[StrokePoint]](repeating: [], count: n)
        var draws = [Int](repeating: 1, count: n)
        var ended = [Bool](repeating: false, count: n)
        var running = [Bool](repeating: true, count: n)
        var remaining = n
        let m = model.config.mixtures, width = model.config.outputSize
        // Stops as soon as every stream has ended or used its draws: Nmax is only a ceiling per draw.
        while remaining > 0 {
            if let watch, watch.isCancelled() { break }
            inputs.withUnsafeBufferPointer { stepper.step(inputs: $0.baseAddress!) }
            let y = stepper.outputs.baseAddress!
            for r in 0..<n where running[r] {
                let p = MixtureDraw.draw(y + r * width, mixtures: m, temperature: options.temperature, rng: &rngs[r])
                let row = p.row
                inputs[r * 5] = row.0; inputs[r * 5 + 1] = row.1; inputs[r * 5 + 2] = row.2
                inputs[r * 5 + 3] = row.3; inputs[r * 5 + 4] = row.4
                if p.hasEnded && options.stopAtEnd {
                    ended[r] = true
                    running[r] = false
                    remaining -= 1
                    watch?.finished(streams.lowerBound + r, Drawing(sketch: Sketch(points: points[r]), draws: draws[r], ended: true))
                    continue
                }
                points[r].append(StrokePoint(dx: p.dx, dy: p.dy, penLifted: p.pen != 0))
                guard points[r].count == maxSteps else { continue }
                if draws[r] <= redraws {
                    rngs[r] = Redraws.generator(seed: options.seed, stream: streams.lowerBound + r, draw: draws[r])
                    draws[r] += 1
                    points[r].removeAll(keepingCapacity: true)
                    let z = model.config.isVAE && priorLatents
                        ? Redraws.latent(seed: options.seed, stream: streams.lowerBound + r, draw: draws[r] - 1, size: model.config.latentSize)
                        : nil
                    stepper.restart(row: r, latent: z)
                    for k in 0..<5 { inputs[r * 5 + k] = first[k] }
                } else {
                    running[r] = false
                    remaining -= 1
                    watch?.finished(streams.lowerBound + r, Drawing(sketch: Sketch(points: points[r]), draws: draws[r], ended: false))
                }
            }
        }
        return (0..<n).map { Drawing(sketch: Sketch(points: points[$0]), draws: draws[$0], ended: ended[$0]) }
    }
}
