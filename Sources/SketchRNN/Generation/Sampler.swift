/// Draws whole sketches from a model (docs/model.md §4): several at once as one batch, so every step is one
/// matrix product for all of them; seeded and reproducible.
///
/// Sketches come out in model units; multiply by the model's scale factor for data pixels.
package final class Sampler {
    package let model: ModelFile
    let stepper: DecoderStepper

    /// `capacity`: the most sketches one call draws at once.
    package init(model: ModelFile, capacity: Int = 16) throws {
        self.model = model
        stepper = try DecoderStepper(parameters: model.parameters, config: model.config, capacity: capacity)
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
                z = GenerationRandom(seed: options.seed).priorLatents(count: count, size: nz)
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
        let config = model.config
        let maxSteps = options.maxSteps ?? config.nmax
        guard maxSteps > 0 else { return Array(repeating: Drawing(sketch: Sketch(), draws: 1, ended: false), count: n) }
        stepper.start(rows: n, latent: latents)
        var inputs = [Float](repeating: 0, count: n * 5)
        inputs.withUnsafeMutableBufferPointer { rows in
            for r in 0..<n { config.firstInput.write(to: rows.baseAddress! + r * 5) }
            stepper.step(inputs: rows.baseAddress!)
        }
        let random = GenerationRandom(seed: options.seed)
        let loop = DrawLoop(temperature: options.temperature, random: random, firstStream: streams.lowerBound,
                            maxSteps: maxSteps, redraws: options.redraws, stopAtEnd: options.stopAtEnd)
        let drawn = loop.run(
            stepper: stepper, count: n, sharedStart: false, firstInput: config.firstInput,
            restart: { r, draw in
                let z = config.isVAE && priorLatents
                    ? random.redrawLatent(streams.lowerBound + r, draw: draw, size: config.latentSize) : nil
                stepper.restart(row: r, latent: z)
                return .feedStart
            },
            isCancelled: { watch?.isCancelled() ?? false },
            finished: { r, s in watch?.finished(streams.lowerBound + r, Drawing(s)) })
        return drawn.streams.map(Drawing.init)
    }
}

extension Sampler.Drawing {
    init(_ stream: DrawLoop.Stream) {
        self.init(sketch: Sketch(points: stream.points), draws: stream.draws, ended: stream.ended)
    }
}
