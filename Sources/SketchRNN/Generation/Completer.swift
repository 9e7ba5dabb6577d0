/// Finishes a partial drawing (docs/model.md §4, "Completing a partial drawing"): the user's polylines are
/// simplified (RDP), turned into stroke-5 in model units and run through the decoder; then N
/// endings are sampled from copies of that state as one batch, each reported step by step.
///
/// This is the terminal app's engine: `complete` runs on the caller's thread (the app's
/// background thread), calls `progress` after every step, and stops at the next step once
/// `isCancelled` says so (a `CancellationToken` can be polled from any thread). A `Completer` is
/// not itself thread-safe: use one per thread.
package final class Completer {
    package let model: ModelFile
    let stepper: DecoderStepper
    private var inputs: [Float]
    /// The decoder state after the finished strokes of the last prefix: a drawing that grows
    /// re-runs only its newest stroke, so the app's latency does not grow with the drawing.
    private var finishedStrokes: PrefixState?

    private struct PrefixState {
        var points: [StrokePoint]
        var latent: [Float]?
        var state: [Float]
    }

    package init(model: ModelFile, capacity: Int = 8) throws {
        self.model = model
        stepper = try DecoderStepper(parameters: model.parameters, config: model.config, capacity: capacity)
        inputs = [Float](repeating: 0, count: max(1, capacity) * 5)
    }

    package var capacity: Int { stepper.capacity }

    /// What to complete and how.
    package struct Request: Sendable {
        /// The drawing so far: absolute polylines in drawing units (y down).
        package var polylines: [Polyline]
        /// Data pixels per drawing unit: 1 for data units, sketch-rnn-js's `pixel_factor` (2) for
        /// its screen pixels (docs/model.md §5).
        package var dataPixelsPerUnit: Float
        /// True once the pen has lifted after the last stroke; its last point is then fed pen-up.
        package var penLifted: Bool
        package var count: Int
        package var temperature: SamplingTemperature
        package var seed: UInt64
        /// RDP epsilon in drawing units (2 as the JS demos and QuickDraw); 0 keeps every point.
        package var simplifyEpsilon: Float
        /// Steps per ending at most; nil means the model's Nmax.
        package var maxSteps: Int?
        /// Stop an ending at its end token. Off only for benchmarks.
        package var stopAtEnd: Bool
        /// How often an ending that runs out of steps is drawn again from the prefix (`Redraws`).
        package var redraws: Int
        /// A VAE's latent vector; nil means z = mu of the prefix encoded (a random z from the prior
        /// when the prefix is empty). Ignored by decoder-only models.
        package var latent: [Float]?
        /// The most points the prefix may have once simplified; nil for no limit. A prefix runs
        /// through the decoder point by point (200 000 points took 18 s), and one far longer than
        /// the model's Nmax is nothing it was trained on: `sketch complete` allows 4 × Nmax.
        package var maxPrefixPoints: Int?

        package init(polylines: [Polyline], dataPixelsPerUnit: Float = 1, penLifted: Bool = true, count: Int = 4,
                    temperature: SamplingTemperature = SamplingTemperature(0.25), seed: UInt64 = 0,
                    simplifyEpsilon: Float = 2, maxSteps: Int? = nil, stopAtEnd: Bool = true, latent: [Float]? = nil,
                    redraws: Int = Redraws.default) {
            self.polylines = polylines
            self.dataPixelsPerUnit = dataPixelsPerUnit
            self.penLifted = penLifted
            self.count = count
            self.temperature = temperature
            self.seed = seed
            self.simplifyEpsilon = simplifyEpsilon
            self.maxSteps = maxSteps
            self.stopAtEnd = stopAtEnd
            self.latent = latent
            self.redraws = redraws
        }
    }

    /// The endings so far, in drawing units: each a stroke-3 list continuing from the prefix's
    /// last point (from the origin for an empty prefix).
    package struct Progress: Sendable {
        /// Steps taken by the endings (0 before the first).
        package var step: Int
        package var endings: [[StrokePoint]]
        /// True for an ending that has reached its end token or the step limit.
        package var finished: [Bool]
        /// Set when the run stopped because it was cancelled.
        package var cancelled: Bool
        /// How often each ending has started: more than 1 after it ran out of steps and was drawn
        /// again from the prefix (`Redraws`).
        package var draws: [Int]
    }

    /// The prefix as stroke-3 in model units, as fed to the decoder: simplified, relative to its own
    /// first point (which is not fed, as the data sets and sketch-rnn-js's `lines_to_strokes` leave
    /// it out), scaled, with the pen state of the last point as the request says. A drawing with no
    /// stroke of two points or more gives an empty prefix.
    package func prefix(of request: Request) -> Sketch {
        let lines = request.simplifyEpsilon > 0
            ? request.polylines.map { simplifyRDP($0, epsilon: request.simplifyEpsilon) }
            : request.polylines
        guard lines.contains(where: { $0.count > 1 }) else { return Sketch() }
        var sketch = Sketch(polylines: lines, omitFirstPoint: true)
        if !request.penLifted, !sketch.points.isEmpty { sketch.points[sketch.points.count - 1].penLifted = false }
        let unit = model.info.scaleFactor / request.dataPixelsPerUnit
        return Sketch(points: sketch.points.map { StrokePoint(dx: $0.dx / unit, dy: $0.dy / unit, penLifted: $0.penLifted) })
    }

    /// Runs the completion; `progress` is called after every step (and once at the end with every
    /// ending finished or the run cancelled). Returns the last progress.
    @discardableResult
    package func complete(
        _ request: Request, isCancelled: () -> Bool = { false }, progress: (Progress) -> Void = { _ in }
    ) throws -> Progress {
        guard request.dataPixelsPerUnit > 0 else { throw GenerationError.badRequest("dataPixelsPerUnit must be positive") }
        return try complete(modelPrefix: prefix(of: request), outputUnit: model.info.scaleFactor / request.dataPixelsPerUnit,
                            request: request, isCancelled: isCancelled, progress: progress)
    }

    /// The same from a prefix already in model units (stroke-3, its last point's pen state as
    /// given); `request.polylines` and the units are ignored. Endings are reported in model units
    /// times `outputUnit`.
    @discardableResult
    package func complete(
        modelPrefix prefix: Sketch, outputUnit unit: Float = 1, request: Request,
        isCancelled: () -> Bool = { false }, progress: (Progress) -> Void = { _ in }
    ) throws -> Progress {
        let n = request.count
        guard n >= 1, n <= capacity else { throw GenerationError.badRequest("count \(n) is outside 1...\(capacity)") }
        if let limit = request.maxPrefixPoints, prefix.count > limit {
            throw GenerationError.badRequest("the prefix has \(prefix.count) points once simplified, above the limit of \(limit) "
                + "(the model's Nmax is \(model.config.nmax))")
        }
        guard request.temperature.isValid else { throw GenerationError.badRequest("the temperature must be finite and not negative") }
        let config = model.config
        var state = Progress(step: 0, endings: Array(repeating: [], count: n), finished: Array(repeating: false, count: n),
                             cancelled: false, draws: Array(repeating: 1, count: n))

        // The prefix runs as one stream, then its state is copied to the n streams.
        var latent: [Float]? = nil
        if config.isVAE {
            latent = try request.latent ?? defaultLatent(prefix: prefix, seed: request.seed)
            guard latent?.count == config.latentSize else { throw GenerationError.badRequest("the latent vector must have \(config.latentSize) values") }
        }
        stepper.start(rows: 1, latent: latent)
        var fed = 0
        if let cached = finishedStrokes, cached.latent == latent, cached.points.count < prefix.points.count,
           prefix.points.starts(with: cached.points) {
            stepper.setState(row: 0, cached.state)
            fed = cached.points.count
        } else {
            let first = config.firstInput.row
            for k in 0..<5 { inputs[k] = first[k] }
            inputs.withUnsafeBufferPointer { stepper.step(inputs: $0.baseAddress!) }
        }
        // The last point's pen state and the newest stroke change while the user draws; what comes
        // before the last pen lift does not.
        let stableEnd = prefix.points.dropLast().lastIndex(where: \.penLifted).map { $0 + 1 } ?? 0
        for i in fed..<prefix.points.count {
            if isCancelled() {
                state.cancelled = true
                progress(state)
                return state
            }
            let p = prefix.points[i]
            inputs[0] = p.dx; inputs[1] = p.dy
            inputs[2] = p.penLifted ? 0 : 1; inputs[3] = p.penLifted ? 1 : 0; inputs[4] = 0
            inputs.withUnsafeBufferPointer { stepper.step(inputs: $0.baseAddress!) }
            if i + 1 == stableEnd {
                finishedStrokes = PrefixState(points: Array(prefix.points[..<stableEnd]), latent: latent, state: stepper.state(row: 0))
            }
        }

        var rngs = (0..<n).map { Redraws.generator(seed: request.seed, stream: $0, draw: 0) }
        let m = config.mixtures, width = config.outputSize
        let maxSteps = request.maxSteps ?? config.nmax
        guard maxSteps > 0 else {
            state.finished = Array(repeating: true, count: n)
            progress(state)
            return state
        }
        let redraws = request.stopAtEnd ? max(0, request.redraws) : 0
        // An ending that runs out of steps starts again from the prefix: its state and the
        // distribution of its first point (the prefix's last output).
        let prefixState = redraws > 0 ? stepper.state(row: 0) : []
        let prefixOutput = redraws > 0 ? stepper.output(row: 0) : []
        // Row 0's output is every copy's until the state is replicated after the first draw.
        var sourceRow = [Int](repeating: 0, count: n)
        var replicated = false
        var remaining = n
        var step = 0
        while remaining > 0 {
            if isCancelled() {
                state.cancelled = true
                break
            }
            let y = stepper.outputs.baseAddress!
            for r in 0..<n where !state.finished[r] {
                var p = MixtureDraw.draw(y + sourceRow[r] * width, mixtures: m, temperature: request.temperature, rng: &rngs[r])
                // A draw that would fill the last step without ending makes way for a new start
                // (at once again when a single step is all there is).
                while !p.hasEnded, state.endings[r].count + 1 == maxSteps, state.draws[r] <= redraws {
                    rngs[r] = Redraws.generator(seed: request.seed, stream: r, draw: state.draws[r])
                    state.draws[r] += 1
                    state.endings[r].removeAll(keepingCapacity: true)
                    // Before the copies exist, every row's state is the prefix's already.
                    if replicated { stepper.setState(row: r, prefixState) }
                    p = prefixOutput.withUnsafeBufferPointer {
                        MixtureDraw.draw($0.baseAddress!, mixtures: m, temperature: request.temperature, rng: &rngs[r])
                    }
                }
                let row = p.row
                inputs[r * 5] = row.0; inputs[r * 5 + 1] = row.1; inputs[r * 5 + 2] = row.2
                inputs[r * 5 + 3] = row.3; inputs[r * 5 + 4] = row.4
                if p.hasEnded && request.stopAtEnd {
                    state.finished[r] = true
                    remaining -= 1
                } else {
                    state.endings[r].append(StrokePoint(dx: p.dx * unit, dy: p.dy * unit, penLifted: p.pen != 0))
                    if state.endings[r].count == maxSteps {
                        state.finished[r] = true
                        remaining -= 1
                    }
                }
            }
            step += 1
            state.step = step
            if remaining == 0 { break }
            progress(state)
            if !replicated {
                stepper.replicate(row: 0, count: n)
                for r in 0..<n { sourceRow[r] = r }
                replicated = true
            }
            inputs.withUnsafeBufferPointer { stepper.step(inputs: $0.baseAddress!) }
        }
        progress(state)
        return state
    }

    /// z for a VAE completion: mu of the prefix encoded, or from the prior for an empty prefix.
    private func defaultLatent(prefix: Sketch, seed: UInt64) throws -> [Float] {
        if prefix.isEmpty {
            var rng = StreamRandom.generator(seed: seed, stream: -1)
            return StreamRandom.gaussians(model.config.latentSize, rng: &rng)
        }
        return try LatentSpace(model: model).encode([prefix]).mu
    }
}

/// A generation request that cannot be run.
public enum GenerationError: Error, CustomStringConvertible, Equatable {
    /// The request is out of range (a count, a temperature, a latent vector's size); the text says how.
    case badRequest(String)
    /// The named model is decoder-only, and the request needs a VAE's encoder.
    case needsVAE(String)

    /// The problem in a sentence.
    public var description: String {
        switch self {
        case .badRequest(let why): return "cannot generate: \(why)"
        case .needsVAE(let name): return "\(name) is a decoder-only model: this needs a VAE (a model with an encoder)"
        }
    }
}
