/// Finishes a partial drawing (docs/model.md §4, "Completing a partial drawing"): the prefix, in
/// model units, is read by the decoder (or a caller's decoder state taken up), then N endings are
/// drawn from copies of that state as one batch (`DrawLoop`), each reported step by step.
///
/// `complete` runs on the caller's thread, calls `progress` after every step, and stops at the
/// next step once `isCancelled` says so. A `Completer` is not itself thread-safe: `SketchModel`
/// lends each call one of its own.
package final class Completer {
    package let model: ModelFile
    let stepper: DecoderStepper
    /// The decoder state after the finished strokes of the last prefix: a drawing that grows
    /// re-reads only its newest stroke, so an app's latency does not grow with the drawing.
    private var finishedStrokes: PrefixState?
    private var latentSpace: LatentSpace?

    private struct PrefixState {
        var points: [StrokePoint]
        var latent: [Float]?
        var state: [Float]
    }

    package init(model: ModelFile, capacity: Int = 8) throws {
        self.model = model
        stepper = try DecoderStepper(parameters: model.parameters, config: model.config, capacity: capacity)
    }

    package var capacity: Int { stepper.capacity }

    /// How to complete.
    package struct Request: Sendable {
        package var count: Int
        package var temperature: SamplingTemperature
        package var seed: UInt64
        /// Steps per ending at most; nil means the model's Nmax.
        package var maxSteps: Int?
        /// Stop an ending at its end token. Off only for benchmarks.
        package var stopAtEnd: Bool
        /// How often an ending that runs out of steps is drawn again from the prefix (`Redraws`).
        package var redraws: Int
        /// A VAE's latent vector; nil means z = mu of the prefix encoded (a random z from the prior
        /// when the prefix is empty). Ignored by decoder-only models.
        package var latent: [Float]?
        /// The most points the prefix may have; nil for no limit. A prefix is read point by point
        /// (200 000 points took 18 s), and one far longer than the model's Nmax is nothing it was
        /// trained on: `sketch complete` allows 4 × Nmax.
        package var maxPrefixPoints: Int?

        package init(count: Int = 4, temperature: SamplingTemperature = SamplingTemperature(0.25), seed: UInt64 = 0,
                     maxSteps: Int? = nil, stopAtEnd: Bool = true, latent: [Float]? = nil, redraws: Int = Redraws.default,
                     maxPrefixPoints: Int? = nil) {
            self.count = count
            self.temperature = temperature
            self.seed = seed
            self.maxSteps = maxSteps
            self.stopAtEnd = stopAtEnd
            self.latent = latent
            self.redraws = redraws
            self.maxPrefixPoints = maxPrefixPoints
        }
    }

    /// The endings so far: each continuing from the prefix's last point (from the origin for an
    /// empty prefix), in model units times the call's `outputUnit`.
    package struct Progress: Sendable {
        /// Steps taken by the endings (0 before the first).
        package var step: Int
        package var streams: [DrawLoop.Stream]
        /// Set when the run stopped because it was cancelled.
        package var cancelled: Bool

        package var endings: [[StrokePoint]] { streams.map(\.points) }
        /// True for an ending that has reached its end token or the step limit.
        package var finished: [Bool] { streams.map(\.finished) }
        /// How often each ending has started (more than 1 after it ran out of steps).
        package var draws: [Int] { streams.map(\.draws) }
    }

    /// Endings of `prefix` (stroke-3 in model units, its last point's pen state as given: pen down
    /// continues its stroke); `progress` is called after every step and once at the end with every
    /// ending finished or the run cancelled. Endings are in model units times `outputUnit`.
    @discardableResult
    package func complete(
        modelPrefix prefix: Sketch, outputUnit: Float = 1, request: Request,
        isCancelled: () -> Bool = { false }, progress: (Progress) -> Void = { _ in }
    ) throws -> Progress {
        try validate(request)
        if let limit = request.maxPrefixPoints, prefix.count > limit {
            throw GenerationError.badRequest("the prefix has \(prefix.count) points once simplified, above the limit of \(limit) "
                + "(the model's Nmax is \(model.config.nmax))")
        }
        var latent: [Float]? = nil
        if model.config.isVAE {
            latent = try request.latent ?? defaultLatent(prefix: prefix, seed: request.seed)
            guard latent?.count == model.config.latentSize else { throw GenerationError.badRequest("the latent vector must have \(model.config.latentSize) values") }
        }
        guard read(prefix, latent: latent, isCancelled: isCancelled) else {
            let cancelled = Progress(step: 0, streams: Array(repeating: DrawLoop.Stream(), count: request.count), cancelled: true)
            progress(cancelled)
            return cancelled
        }
        return endings(request, outputUnit: outputUnit, isCancelled: isCancelled, progress: progress)
    }

    /// Endings from a decoder state a caller kept (`DecoderState`'s parts).
    @discardableResult
    package func complete(
        state: [Float], latent: [Float]?, output: [Float], outputUnit: Float = 1, request: Request,
        isCancelled: () -> Bool = { false }, progress: (Progress) -> Void = { _ in }
    ) throws -> Progress {
        try validate(request)
        stepper.load(state: state, latent: latent, output: output)
        return endings(request, outputUnit: outputUnit, isCancelled: isCancelled, progress: progress)
    }

    private func validate(_ request: Request) throws {
        guard request.count >= 1, request.count <= capacity else {
            throw GenerationError.badRequest("count \(request.count) is outside 1...\(capacity)")
        }
        guard request.temperature.isValid else { throw GenerationError.badRequest("the temperature must be finite and not negative") }
    }

    /// Reads the prefix into stream 0, from the cached state of its finished strokes when it
    /// starts with them. False when cancelled.
    private func read(_ prefix: Sketch, latent: [Float]?, isCancelled: () -> Bool) -> Bool {
        var fed = 0
        if let cached = finishedStrokes, cached.latent == latent, cached.points.count < prefix.points.count,
           prefix.points.starts(with: cached.points) {
            stepper.start(rows: 1, latent: latent)
            stepper.setState(row: 0, cached.state)
            fed = cached.points.count
        } else {
            stepper.startDrawing(latent: latent)
        }
        // The last point's pen state and the newest stroke change while the user draws; what comes
        // before the last pen lift does not.
        let stableEnd = prefix.points.dropLast().lastIndex(where: \.penLifted).map { $0 + 1 } ?? 0
        return stepper.read(prefix.points[fed...], isCancelled: isCancelled) { i in
            if fed + i + 1 == stableEnd {
                finishedStrokes = PrefixState(points: Array(prefix.points[..<stableEnd]), latent: latent, state: stepper.state(row: 0))
            }
        }
    }

    /// `request.count` endings drawn from stream 0's state and output.
    private func endings(_ request: Request, outputUnit: Float, isCancelled: () -> Bool,
                         progress: (Progress) -> Void) -> Progress {
        let n = request.count
        let redraws = request.stopAtEnd ? max(0, request.redraws) : 0
        // An ending that runs out of steps starts again from the prefix: its state and the
        // distribution of its first point (the prefix's last output).
        let prefixState = redraws > 0 ? stepper.state(row: 0) : []
        let prefixOutput = redraws > 0 ? stepper.output(row: 0) : []
        let loop = DrawLoop(temperature: request.temperature, random: GenerationRandom(seed: request.seed),
                            maxSteps: request.maxSteps ?? model.config.nmax, redraws: redraws,
                            stopAtEnd: request.stopAtEnd, outputScale: outputUnit)
        let drawn = loop.run(
            stepper: stepper, count: n, sharedStart: true, firstInput: model.config.firstInput,
            restart: { r, _ in
                // Before the copies exist, stream 0 holds the prefix's state already.
                if r < stepper.rows { stepper.setState(row: r, prefixState) }
                return .drawFrom(prefixOutput)
            },
            isCancelled: isCancelled,
            step: { k, streams in progress(Progress(step: k, streams: streams, cancelled: false)) })
        let last = Progress(step: drawn.steps, streams: drawn.streams, cancelled: drawn.cancelled)
        progress(last)
        return last
    }

    /// z for a VAE completion: mu of the prefix encoded, or from the prior for an empty prefix.
    private func defaultLatent(prefix: Sketch, seed: UInt64) throws -> [Float] {
        if prefix.isEmpty {
            return GenerationRandom(seed: seed).priorLatents(count: 1, size: model.config.latentSize)
        }
        if latentSpace == nil { latentSpace = try LatentSpace(model: model) }
        return try latentSpace!.encode([prefix]).mu
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
