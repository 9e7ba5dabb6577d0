/// What a model's decoder has read of a drawing, owned by the caller (as magenta-js's sketch
/// model's state): its recurrent state, a VAE's latent vector, and its last output, which is the
/// distribution of the next point.
///
/// A caller's own draw loop is ``SketchModel/startState(latent:)``, then for every point
/// ``SketchModel/distribution(of:temperature:)`` or ``SketchModel/nextPoint(after:temperature:random:)``
/// and ``SketchModel/update(_:with:)``: one step costs one decoder step, however long the drawing.
/// A state is a value: copy it to try several continuations from one point.
public struct DecoderState: Sendable, Equatable {
    var values: [Float]
    var latent: [Float]?
    var output: [Float]
    /// Points read so far (the drawing's start not counted).
    public internal(set) var pointsRead: Int

    init(values: [Float], latent: [Float]?, output: [Float], pointsRead: Int) {
        self.values = values
        self.latent = latent
        self.output = output
        self.pointsRead = pointsRead
    }

    /// The latent vector the decoder is conditioned on; nil for a decoder-only model.
    public var latentVector: LatentVector? { latent.map(LatentVector.init) }
}

/// A caller's random source for ``SketchModel/nextPoint(after:temperature:random:)`` and
/// ``LatentVector/prior(count:size:using:)``: seeded, reproducible, and its own for each loop.
public struct RandomStream: Sendable, Equatable {
    var generator: SeededGenerator

    /// A stream from a seed; the same seed gives the same numbers.
    public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    init(generator: SeededGenerator) { self.generator = generator }

    /// 64 random bits, to seed another stream or call from this one.
    public mutating func nextSeed() -> UInt64 { generator.next() }
}

extension SketchModel {
    /// The state before any point: a VAE's decoder conditioned on `latent` (by default the prior's
    /// mean, the zero vector), a decoder-only model's from zeros; the start of a drawing read.
    /// - Throws: ``GenerationError/badRequest(_:)`` for a latent vector of the wrong size.
    public func startState(latent: LatentVector? = nil) throws -> DecoderState {
        var z: [Float]? = nil
        if file.config.isVAE {
            z = latent?.values ?? [Float](repeating: 0, count: latentSize)
            guard z?.count == latentSize else {
                throw GenerationError.badRequest("a latent vector has \(z?.count ?? 0) values, the model's have \(latentSize)")
            }
        }
        return try run {
            try withStepper { stepper in
                stepper.startDrawing(latent: z)
                var state = DecoderState(values: [], latent: z, output: [], pointsRead: 0)
                stepper.save(state: &state.values, output: &state.output)
                return state
            }
        }
    }

    /// Reads one more point (in the caller's units; `penLifted` false continues its stroke): one
    /// decoder step.
    public func update(_ state: inout DecoderState, with point: StrokePoint) throws {
        try update(&state, with: CollectionOfOne(point))
    }

    /// Reads the points of `drawing` one after another.
    public func update(_ state: inout DecoderState, with drawing: Sketch) throws {
        try update(&state, with: drawing.points)
    }

    private func update<C: Collection<StrokePoint>>(_ state: inout DecoderState, with points: C) throws {
        guard !points.isEmpty else { return }
        try run {
            try withStepper { stepper in
                stepper.load(state: state.values, latent: state.latent, output: state.output)
                stepper.read(points.lazy.map(units.toModel))
                stepper.save(state: &state.values, output: &state.output)
            }
        }
        state.pointsRead += points.count
    }

    /// The distribution of the next point after `state` at `temperature` (as magenta-js's
    /// `getPDF`): mixture components with their weights, means and spreads in the caller's units,
    /// and the pen states' probabilities.
    /// - Throws: ``GenerationError/badRequest(_:)`` for an invalid temperature.
    public func distribution(of state: DecoderState, temperature: SamplingTemperature = SamplingTemperature(1)) throws -> StrokePDF {
        guard temperature.isValid else { throw GenerationError.badRequest("the temperature must be finite and not negative") }
        return state.output.withUnsafeBufferPointer {
            StrokePDF(output: $0.baseAddress!, layout: OutputLayout(mixtures: file.config.mixtures),
                      temperature: temperature, scale: units.callerPerModel)
        }
    }

    /// A next point drawn after `state` at `temperature` (by default the model's own style at its
    /// own τ, or 0.5), as every sampler of the library draws it; nil when the drawing ends.
    /// - Throws: ``GenerationError/badRequest(_:)`` for an invalid temperature.
    public func nextPoint(after state: DecoderState, temperature: SamplingTemperature? = nil,
                          random: inout RandomStream) throws -> StrokePoint? {
        let t = try resolved(temperature, defaultTau: 0.5)
        let p = state.output.withUnsafeBufferPointer {
            MixtureDraw.draw($0.baseAddress!, layout: OutputLayout(mixtures: file.config.mixtures), temperature: t, rng: &random.generator)
        }
        return p.hasEnded ? nil : units.toCaller(p.strokePoint)
    }

    /// The distribution of the point the model would draw next after `drawing`, at `temperature`:
    /// ``startState(latent:)``, ``update(_:with:)`` with the drawing, then
    /// ``distribution(of:temperature:)``. A VAE is conditioned on the drawing's own latent vector
    /// (``encode(_:)``), or on the zero vector when the drawing is empty. A caller that draws
    /// point by point keeps the state instead, so that each point costs one step.
    /// - Parameters:
    ///   - drawing: The drawing so far as stroke-3 points in the caller's units, the first offset
    ///     from the origin; it may be empty.
    ///   - penLifted: False when the pen is still down after the drawing's last point (its stroke
    ///     goes on); true keeps the last point's own pen state.
    ///   - temperature: The temperature the distribution is taken at.
    /// - Returns: The next point's offset from the drawing's last point, as a distribution.
    /// - Throws: ``GenerationError/badRequest(_:)`` for an invalid temperature.
    public func nextPointDistribution(after drawing: Sketch, penLifted: Bool = true,
                                      temperature: SamplingTemperature = SamplingTemperature(1)) throws -> StrokePDF {
        var drawing = drawing
        if !penLifted, !drawing.isEmpty { drawing.points[drawing.count - 1].penLifted = false }
        let latent = file.config.isVAE && !drawing.isEmpty ? try encode([drawing])[0] : nil
        var state = try startState(latent: latent)
        try update(&state, with: drawing)
        return try distribution(of: state, temperature: temperature)
    }
}
