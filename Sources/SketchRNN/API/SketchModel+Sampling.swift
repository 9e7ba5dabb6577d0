/// A drawing a model made, with how it was drawn.
public struct GeneratedDrawing: Sendable, Equatable {
    /// The drawing, stroke-3 in the caller's units, the first offset from the origin.
    public var sketch: Sketch
    /// Draws it took: 1 when the first ended; more when the first ran out of steps (`Redraws`).
    public var draws: Int
    /// False when every draw ran out of steps: the drawing is the last draw, cut at the limit.
    public var ended: Bool

    /// A drawing from its parts.
    public init(sketch: Sketch, draws: Int, ended: Bool) {
        self.sketch = sketch
        self.draws = draws
        self.ended = ended
    }
}

/// How a model draws: how random, from which seed, and what it does with a drawing that runs on.
public struct SamplingOptions: Sendable, Equatable {
    /// How random the drawings are; nil for the model's own sampling style at its own τ (or the
    /// call's default τ).
    public var temperature: SamplingTemperature?
    /// The random seed: the same seed gives the same drawings, and drawing `i` does not depend on
    /// how many are drawn beside it.
    public var seed: UInt64
    /// How often a drawing that reaches the point limit without ending is drawn again.
    public var redraws: Int
    /// Points per drawing at most; nil for the model's `maxPoints`.
    public var maxPoints: Int?

    /// Options from their parts; every one has a default.
    public init(temperature: SamplingTemperature? = nil, seed: UInt64 = 0, redraws: Int = Redraws.default, maxPoints: Int? = nil) {
        self.temperature = temperature
        self.seed = seed
        self.redraws = redraws
        self.maxPoints = maxPoints
    }
}

extension SketchModel {
    /// Draws `count` new drawings from nothing: a VAE decodes latent vectors drawn from its prior,
    /// a decoder-only model starts from its empty state.
    ///
    /// The same seed gives the same drawings, and drawing `i` does not depend on `count`. A drawing
    /// that reaches the model's point limit without ending is drawn again, up to four times, as
    /// the model's training data holds no longer drawings.
    /// - Parameters:
    ///   - count: Drawings to make, at least 0.
    ///   - temperature: How random they are (``SamplingTemperature``); by default the model's own
    ///     sampling style at its own τ, or at 0.5 (``samplingStyle``).
    ///   - seed: The random seed.
    /// - Returns: Drawings as stroke-3 points in the caller's units, the first offset from the origin.
    /// - Throws: ``GenerationError/badRequest(_:)`` for a negative count or an invalid temperature.
    public func sample(count: Int = 1, temperature: SamplingTemperature? = nil,
                       seed: UInt64 = 0) throws -> [Sketch] {
        try drawings(count: count, options: SamplingOptions(temperature: temperature, seed: seed)).map(\.sketch)
    }

    /// Draws `count` new drawings as ``sample(count:temperature:seed:)`` does, with every option,
    /// each with how it was drawn; `finished` sees each drawing as soon as it is done (before the
    /// slowest of its batch), and the drawing stops early once `isCancelled` is true (unfinished
    /// drawings are returned as they are).
    /// - Throws: ``GenerationError/badRequest(_:)`` for a negative count, an invalid temperature
    ///   or a negative point limit.
    public func drawings(count: Int, options: SamplingOptions = SamplingOptions(), isCancelled: () -> Bool = { false },
                         finished: (Int, GeneratedDrawing) -> Void = { _, _ in }) throws -> [GeneratedDrawing] {
        let temperature = try resolved(options.temperature, defaultTau: 0.5)
        guard count >= 0 else { throw GenerationError.badRequest("the count must not be negative") }
        guard (options.maxPoints ?? 0) >= 0 else { throw GenerationError.badRequest("the point limit must not be negative") }
        guard count > 0 else { return [] }
        return try run {
            try withSampler(count: count) { sampler in
                try withoutActuallyEscaping(isCancelled) { isCancelled in
                    try withoutActuallyEscaping(finished) { finished in
                        let watch = Sampler.Watch(finished: { finished($0, self.generated($1)) }, isCancelled: isCancelled)
                        return sampler.drawings(count: count, options: samplerOptions(options, temperature), watch: watch).map(generated)
                    }
                }
            }
        }
    }

    /// The temperature a call samples at: the one given, or the model's own style at its own τ
    /// (the call's `defaultTau` when the style has none).
    func resolved(_ temperature: SamplingTemperature?, defaultTau: Float) throws -> SamplingTemperature {
        let t = temperature ?? self.temperature(samplingStyle.tau(or: defaultTau))
        guard t.isValid else { throw GenerationError.badRequest("the temperature must be finite and not negative") }
        return t
    }

    func samplerOptions(_ options: SamplingOptions, _ temperature: SamplingTemperature) -> Sampler.Options {
        Sampler.Options(temperature: temperature, seed: options.seed, maxSteps: options.maxPoints, redraws: options.redraws)
    }

    func generated(_ drawing: Sampler.Drawing) -> GeneratedDrawing {
        GeneratedDrawing(sketch: units.toCaller(drawing.sketch), draws: drawing.draws, ended: drawing.ended)
    }
}
