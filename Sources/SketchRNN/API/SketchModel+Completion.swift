import Foundation

/// Endings of a drawing in progress, as a completion reports them step by step.
public struct Completion: Sendable, Equatable {
    /// Steps the endings have taken (0 before the first).
    public var step: Int
    /// One ending per requested count: stroke-3 points in the caller's units, continuing from the
    /// drawing's last point (from the origin for an empty drawing).
    public var endings: [Sketch]
    /// For each ending, whether it has reached its end, or the model's point limit on its last draw.
    public var finished: [Bool]
    /// For each ending, the draws it has started: more than 1 after it ran out of points and
    /// started again from the drawing (`Redraws`).
    public var draws: [Int]
    /// Whether the completion stopped because it was cancelled.
    public var isCancelled: Bool

    /// A completion from its parts.
    public init(step: Int, endings: [Sketch], finished: [Bool], draws: [Int]? = nil, isCancelled: Bool) {
        self.step = step
        self.endings = endings
        self.finished = finished
        self.draws = draws ?? Array(repeating: 1, count: endings.count)
        self.isCancelled = isCancelled
    }

    init(_ progress: Completer.Progress) {
        self.init(step: progress.step, endings: progress.streams.map { Sketch(points: $0.points) },
                  finished: progress.finished, draws: progress.draws, isCancelled: progress.cancelled)
    }
}

/// How a model completes a drawing.
public struct CompletionOptions: Sendable, Equatable {
    /// Endings to draw, 1 to 64.
    public var count: Int
    /// How random the endings are; nil for the model's own sampling style at its own τ, or 0.25.
    public var temperature: SamplingTemperature?
    /// The random seed: the same seed gives the same endings.
    public var seed: UInt64
    /// How often an ending that reaches the point limit without ending starts again.
    public var redraws: Int
    /// Ramer–Douglas–Peucker epsilon for the drawing, in the caller's units (0 keeps every point);
    /// nil for 2 data pixels, as sketch-rnn-js and Quick, Draw! simplify.
    public var simplification: Float?
    /// The most points the drawing may have once simplified; nil for no limit. A drawing far longer
    /// than the model's ``SketchModel/maxPoints`` is nothing it was trained on, and reading one
    /// takes time.
    public var maxDrawingPoints: Int?
    /// A VAE's latent vector; nil for the drawing's own (from the prior for an empty drawing).
    public var latent: LatentVector?

    /// Options from their parts; every one has a default.
    public init(count: Int = 4, temperature: SamplingTemperature? = nil, seed: UInt64 = 0, redraws: Int = Redraws.default,
                simplification: Float? = nil, maxDrawingPoints: Int? = nil, latent: LatentVector? = nil) {
        self.count = count
        self.temperature = temperature
        self.seed = seed
        self.redraws = redraws
        self.simplification = simplification
        self.maxDrawingPoints = maxDrawingPoints
        self.latent = latent
    }
}

extension SketchModel {
    /// The drawing as the model reads it: each stroke simplified (Ramer–Douglas–Peucker at
    /// `simplification` caller units, by default 2 data pixels), as stroke-3 points in the caller's
    /// units relative to its first point, which is left out (as the data sets and sketch-rnn-js
    /// leave it out); the last point keeps the pen down when `penLifted` is false. A drawing
    /// with no stroke of two points or more reads as empty.
    public func reading(of drawing: [[SIMD2<Float>]], penLifted: Bool = true, simplification: Float? = nil) -> Sketch {
        let epsilon = simplification ?? 2 / configuration.dataPixelsPerUnit
        let lines = epsilon > 0 ? drawing.map { simplifyRDP($0, epsilon: epsilon) } : drawing
        guard lines.contains(where: { $0.count > 1 }) else { return Sketch() }
        var sketch = Sketch(polylines: lines, omitFirstPoint: true)
        if !penLifted, !sketch.points.isEmpty { sketch.points[sketch.points.count - 1].penLifted = false }
        return sketch
    }

    /// Finishes a drawing in progress: the drawing is read as ``reading(of:penLifted:simplification:)``
    /// says, then `count` endings are drawn from where it stops, as one batch.
    ///
    /// Runs on the calling thread and reports every step to `progress`, so an app can show the
    /// endings as they grow; it stops at the next step once `isCancelled` is true. A VAE completes
    /// from the drawing's own latent vector (from one drawn from its prior when the drawing is
    /// empty). An ending that reaches the model's point limit without ending starts again from the
    /// drawing, so a report may show an ending shorter than the one before. A model that is asked
    /// again about the same drawing with more points re-reads only its newest stroke.
    /// - Parameters:
    ///   - drawing: The strokes so far as absolute polylines in the caller's units (y down).
    ///   - penLifted: Whether the pen has lifted after the last stroke; when it has not, the
    ///     endings continue that stroke.
    ///   - options: How many endings, how random, and how the drawing is read.
    ///   - isCancelled: Polled before every step; true stops the completion.
    ///   - progress: Called after every step with the endings so far.
    /// - Returns: The endings when every one has finished, or when cancelled
    ///   (``Completion/isCancelled``).
    /// - Throws: ``GenerationError/badRequest(_:)`` for options out of range or a drawing longer
    ///   than `maxDrawingPoints`.
    @discardableResult
    public func complete(_ drawing: [[SIMD2<Float>]], penLifted: Bool = true, options: CompletionOptions,
                         isCancelled: () -> Bool = { false }, progress: (Completion) -> Void = { _ in }) throws -> Completion {
        try complete(reading(of: drawing, penLifted: penLifted, simplification: options.simplification), penLifted: penLifted,
                     options: options, isCancelled: isCancelled, progress: progress)
    }

    /// Finishes a drawing given as stroke-3 points in the caller's units (a `Sketch`, as
    /// ``nextPointDistribution(after:penLifted:temperature:)`` and ``encode(_:)`` take it): read
    /// point by point as it is, its first offset from the origin included and nothing simplified
    /// (`options.simplification` is not used); otherwise as
    /// ``complete(_:penLifted:options:isCancelled:progress:)``.
    @discardableResult
    public func complete(_ drawing: Sketch, penLifted: Bool = true, options: CompletionOptions,
                         isCancelled: () -> Bool = { false }, progress: (Completion) -> Void = { _ in }) throws -> Completion {
        var drawing = drawing
        if !penLifted, !drawing.isEmpty { drawing.points[drawing.count - 1].penLifted = false }
        return try completing(options, progress: progress) { completer, request, report in
            try completer.complete(modelPrefix: units.toModel(drawing), outputUnit: units.callerPerModel, request: request,
                                   isCancelled: isCancelled, progress: report)
        }
    }

    /// The endings of a drawing whose state the caller kept (``startState(latent:)`` and
    /// ``update(_:with:)``): the same as completing the drawing, without reading it again.
    @discardableResult
    public func complete(from state: DecoderState, options: CompletionOptions,
                         isCancelled: () -> Bool = { false }, progress: (Completion) -> Void = { _ in }) throws -> Completion {
        try completing(options, progress: progress) { completer, request, report in
            try completer.complete(state: state.values, latent: state.latent, output: state.output, outputUnit: units.callerPerModel,
                                   request: request, isCancelled: isCancelled, progress: report)
        }
    }

    /// A completion on a completer lent by the model, its steps reported as `Completion`s.
    private func completing(
        _ options: CompletionOptions, progress: (Completion) -> Void,
        _ body: (Completer, Completer.Request, (Completer.Progress) -> Void) throws -> Completer.Progress
    ) throws -> Completion {
        let request = try completerRequest(options)
        return try run {
            try withCompleter(count: options.count) { completer in
                try withoutActuallyEscaping(progress) { progress in
                    Completion(try body(completer, request) { progress(Completion($0)) })
                }
            }
        }
    }

    /// ``complete(_:penLifted:options:isCancelled:progress:)`` with its common options.
    /// - Parameters:
    ///   - drawing: The strokes so far as absolute polylines in the caller's units (y down).
    ///   - penLifted: Whether the pen has lifted after the last stroke.
    ///   - count: Endings to draw, 1 to 64.
    ///   - temperature: How random the endings are; by default the model's own sampling style at
    ///     its own τ, or at 0.25 (``samplingStyle``).
    ///   - seed: The random seed.
    ///   - cancellation: A token another thread may cancel; nil runs to the end.
    ///   - progress: Called after every step with the endings so far.
    @discardableResult
    public func complete(_ drawing: [[SIMD2<Float>]], penLifted: Bool = true, count: Int = 4,
                         temperature: SamplingTemperature? = nil, seed: UInt64 = 0,
                         cancellation: CancellationToken? = nil,
                         progress: (Completion) -> Void = { _ in }) throws -> Completion {
        try complete(drawing, penLifted: penLifted, options: CompletionOptions(count: count, temperature: temperature, seed: seed),
                     isCancelled: { cancellation?.isCancelled ?? false }, progress: progress)
    }

    private func completerRequest(_ options: CompletionOptions) throws -> Completer.Request {
        guard options.count >= 1, options.count <= 64 else { throw GenerationError.badRequest("count \(options.count) is outside 1...64") }
        return Completer.Request(count: options.count, temperature: try resolved(options.temperature, defaultTau: 0.25),
                                 seed: options.seed, latent: options.latent?.values, redraws: options.redraws,
                                 maxPrefixPoints: options.maxDrawingPoints)
    }

    /// The same completion as a stream of its steps, run on a thread of its own: iterate it to
    /// follow the endings as they grow; stop iterating (or cancel the iterating task) to cancel it.
    /// The last element has every ending finished.
    /// - Parameters:
    ///   - drawing: The strokes so far as absolute polylines in the caller's units (y down).
    ///   - penLifted: Whether the pen has lifted after the last stroke.
    ///   - count: Endings to draw, 1 to 64.
    ///   - temperature: How random the endings are.
    ///   - seed: The random seed.
    /// - Returns: A stream of ``Completion``s that finishes with an error for a bad request.
    public func completions(of drawing: [[SIMD2<Float>]], penLifted: Bool = true, count: Int = 4,
                            temperature: SamplingTemperature? = nil,
                            seed: UInt64 = 0) -> AsyncThrowingStream<Completion, Error> {
        AsyncThrowingStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let token = CancellationToken()
            continuation.onTermination = { _ in token.cancel() }
            let thread = Thread { [self] in
                do {
                    try complete(drawing, penLifted: penLifted, count: count, temperature: temperature, seed: seed,
                                 cancellation: token) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            thread.start()
        }
    }
}
