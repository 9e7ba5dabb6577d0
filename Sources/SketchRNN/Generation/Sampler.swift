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

        package init(temperature: SamplingTemperature = SamplingTemperature(0.5), seed: UInt64 = 0,
                    maxSteps: Int? = nil, stopAtEnd: Bool = true) {
            self.temperature = temperature
            self.seed = seed
            self.maxSteps = maxSteps
            self.stopAtEnd = stopAtEnd
        }
    }

    /// `count` sketches. A VAE decodes `latents` (`count × Nz`, row by row) or, without them, latent
    /// vectors drawn from the prior N(0, I) with the seed; a decoder-only model ignores `latents`.
    /// Larger counts than `capacity` run as several batches.
    package func sample(count: Int, latents: [Float]? = nil, options: Options) -> [Sketch] {
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
        var sketches = [Sketch]()
        var first = 0
        while first < count {
            let n = min(capacity, count - first)
            let zBatch = z.map { Array($0[(first * nz)..<((first + n) * nz)]) }
            var rngs = (first..<(first + n)).map { StreamRandom.generator(seed: options.seed, stream: $0) }
            sketches += batch(n, latents: zBatch, options: options, rngs: &rngs)
            first += n
        }
        return sketches
    }

    private func batch(_ n: Int, latents: [Float]?, options: Options, rngs: inout [SeededGenerator]) -> [Sketch] {
        stepper.start(rows: n, latent: latents)
        let first = model.config.firstInput.row
        for r in 0..<n { for k in 0..<5 { inputs[r * 5 + k] = first[k] } }
        var points = [[StrokePoint]](repeating: [], count: n)
        var running = [Bool](repeating: true, count: n)
        var remaining = n
        let maxSteps = options.maxSteps ?? model.config.nmax
        let m = model.config.mixtures, width = model.config.outputSize
        var step = 0
        // Stops as soon as every stream has ended: Nmax is only a ceiling.
        while step < maxSteps && remaining > 0 {
            step += 1
            inputs.withUnsafeBufferPointer { stepper.step(inputs: $0.baseAddress!) }
            let y = stepper.outputs.baseAddress!
            for r in 0..<n where running[r] {
                let p = MixtureDraw.draw(y + r * width, mixtures: m, temperature: options.temperature, rng: &rngs[r])
                let row = p.row
                inputs[r * 5] = row.0; inputs[r * 5 + 1] = row.1; inputs[r * 5 + 2] = row.2
                inputs[r * 5 + 3] = row.3; inputs[r * 5 + 4] = row.4
                if p.hasEnded && options.stopAtEnd {
                    running[r] = false
                    remaining -= 1
                } else {
                    points[r].append(StrokePoint(dx: p.dx, dy: p.dy, penLifted: p.pen != 0))
                }
            }
        }
        return points.map { Sketch(points: $0) }
    }
}
