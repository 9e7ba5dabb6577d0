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
        let temperature = temperature ?? self.temperature(samplingStyle.tau(or: 0.5))
        guard count >= 0 else { throw GenerationError.badRequest("the count must not be negative") }
        guard temperature.isValid else { throw GenerationError.badRequest("the temperature must be finite and not negative") }
        guard count > 0 else { return [] }
        return try run {
            let sampler = try Sampler(model: file, capacity: min(count, 64))
            return sampler.sample(count: count, options: Sampler.Options(temperature: temperature, seed: seed))
                .map(toCallerUnits)
        }
    }

    /// The distribution of the point the model would draw next after `drawing`, at `temperature`
    /// (as magenta-js's `getPDF`): mixture components with their weights, means and spreads in the
    /// caller's units, and the pen states' probabilities.
    ///
    /// For a VAE the decoder is conditioned on the drawing's own latent vector (``encode(_:)``),
    /// or on the zero vector (the prior's mean) when the drawing is empty.
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
        guard temperature.isValid else { throw GenerationError.badRequest("the temperature must be finite and not negative") }
        var prefix = toModelUnits(drawing)
        if !penLifted, !prefix.isEmpty { prefix.points[prefix.count - 1].penLifted = false }
        return try run {
            var latent: [Float]? = nil
            if file.config.isVAE {
                latent = prefix.isEmpty ? [Float](repeating: 0, count: file.config.latentSize)
                    : try LatentSpace(model: file).encode([prefix]).mu
            }
            let stepper = try DecoderStepper(parameters: file.parameters, config: file.config, capacity: 1)
            stepper.start(rows: 1, latent: latent)
            var row = file.config.firstInput.row
            stepper.step(row)
            for point in prefix.points {
                row[0] = point.dx; row[1] = point.dy
                row[2] = point.penLifted ? 0 : 1; row[3] = point.penLifted ? 1 : 0; row[4] = 0
                stepper.step(row)
            }
            return StrokePDF(output: stepper.outputs.baseAddress!, mixtures: file.config.mixtures,
                             temperature: temperature, scale: callerUnitsPerModelUnit)
        }
    }
}
