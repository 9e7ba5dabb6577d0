/// A point of a VAE's latent space: the code a drawing is encoded to, from which the decoder draws.
public struct LatentVector: Hashable, Sendable, Codable {
    /// The vector's `Nz` values.
    public var values: [Float]

    /// A latent vector of `values`.
    public init(_ values: [Float]) {
        self.values = values
    }

    /// The vectors from `a` to `b`, both included, along the great circle between them (spherical
    /// interpolation, docs/model.md §4); `count` 1 gives `a` alone.
    /// - Precondition: `a` and `b` have the same size.
    public static func interpolate(from a: LatentVector, to b: LatentVector, count: Int) -> [LatentVector] {
        LatentSpace.interpolate(a.values, b.values, count: count).map(LatentVector.init)
    }

    /// A `rows × columns` grid between four corners (top-left, top-right, bottom-left,
    /// bottom-right), row by row: the top and bottom edges interpolated, then each column between them.
    /// - Precondition: four corners of one size.
    public static func grid(corners: [LatentVector], rows: Int, columns: Int) -> [LatentVector] {
        LatentSpace.grid(corners: corners.map(\.values), rows: rows, columns: columns).map(LatentVector.init)
    }

    /// `a - b + c`: "a is to b as ? is to c", the part `a` and `c` share kept.
    /// - Precondition: three vectors of one size.
    public static func analogy(_ a: LatentVector, minus b: LatentVector, plus c: LatentVector) -> LatentVector {
        LatentVector(LatentSpace.analogy(a.values, minus: b.values, plus: c.values))
    }

    /// `count` vectors of `size` values drawn from the prior N(0, I) with `random`.
    public static func prior(count: Int, size: Int, using random: inout RandomStream) -> [LatentVector] {
        (0..<count).map { _ in LatentVector((0..<size).map { _ in random.generator.nextGaussian() }) }
    }

    /// `count` vectors of `size` values drawn from the prior for the inputs of a request of `seed`
    /// (the commands' `random` inputs).
    public static func prior(count: Int, size: Int, seed: UInt64) -> [LatentVector] {
        var random = RandomStream(generator: GenerationRandom(seed: seed).inputLatents())
        return prior(count: count, size: size, using: &random)
    }
}

extension SketchModel {
    /// Encodes drawings to their latent vectors (the encoder's mean, `z = mu`).
    /// - Parameter drawings: Drawings as stroke-3 points in the caller's units, none empty; a
    ///   drawing longer than ``maxPoints`` is read up to that point.
    /// - Returns: One vector of ``latentSize`` values per drawing.
    /// - Throws: ``GenerationError/needsVAE(_:)`` for a decoder-only model,
    ///   ``GenerationError/badRequest(_:)`` for an empty drawing.
    public func encode(_ drawings: [Sketch]) throws -> [LatentVector] {
        try run {
            try withLatentSpace { space in
                let encoding = try space.encode(drawings.map(units.toModel))
                return drawings.indices.map { LatentVector(encoding.mean($0, latentSize: latentSize)) }
            }
        }
    }

    /// Draws one drawing from each latent vector.
    /// - Parameters:
    ///   - latents: Vectors of ``latentSize`` values.
    ///   - temperature: How random the drawings are; `SamplingTemperature(0.1)` by default.
    ///   - seed: The random seed.
    /// - Returns: Drawings in the caller's units, in the order of `latents`.
    /// - Throws: ``GenerationError/needsVAE(_:)`` for a decoder-only model,
    ///   ``GenerationError/badRequest(_:)`` for a vector of the wrong size or an invalid temperature.
    public func decode(_ latents: [LatentVector], temperature: SamplingTemperature = SamplingTemperature(0.1),
                       seed: UInt64 = 0) throws -> [Sketch] {
        try decodings(latents, options: SamplingOptions(temperature: temperature, seed: seed)).map(\.sketch)
    }

    /// Draws one drawing from each latent vector as one batch, with every option (a nil
    /// temperature is the model's own style at τ 0.1); `finished` sees each drawing as soon as it
    /// is done, and the batch stops early once `isCancelled` is true.
    /// - Throws: As ``decode(_:temperature:seed:)``.
    public func decodings(_ latents: [LatentVector], options: SamplingOptions, isCancelled: () -> Bool = { false },
                          finished: (Int, GeneratedDrawing) -> Void = { _, _ in }) throws -> [GeneratedDrawing] {
        let temperature = try resolved(options.temperature, defaultTau: 0.1)
        return try run {
            try withLatentSpace { space in
                try withoutActuallyEscaping(isCancelled) { isCancelled in
                    try withoutActuallyEscaping(finished) { finished in
                        let watch = Sampler.Watch(finished: { finished($0, self.generated($1)) }, isCancelled: isCancelled)
                        return try space.decodings(latents.map(\.values), options: samplerOptions(options, temperature), watch: watch)
                            .map(generated)
                    }
                }
            }
        }
    }

    /// Encodes each drawing and decodes it again: the model's own version of it.
    /// - Parameters:
    ///   - drawings: Drawings in the caller's units, none empty.
    ///   - temperature: How random the reconstructions are.
    ///   - seed: The random seed.
    /// - Returns: One reconstruction per drawing, in the caller's units.
    /// - Throws: As ``encode(_:)`` and ``decode(_:temperature:seed:)``.
    public func reconstruct(_ drawings: [Sketch], temperature: SamplingTemperature = SamplingTemperature(0.1),
                            seed: UInt64 = 0) throws -> [Sketch] {
        try reconstruct(drawings, sampleLatent: false, options: SamplingOptions(temperature: temperature, seed: seed))
    }

    /// Reconstructions with every option: from `z = mu`, or with `sampleLatent` from
    /// `z = mu + sigma·eps` drawn from the encoder's distribution (a nil temperature is the
    /// model's own style at τ 0.1).
    /// - Throws: As ``encode(_:)`` and ``decode(_:temperature:seed:)``.
    public func reconstruct(_ drawings: [Sketch], sampleLatent: Bool, options: SamplingOptions) throws -> [Sketch] {
        let temperature = try resolved(options.temperature, defaultTau: 0.1)
        return try run {
            try withLatentSpace { space in
                try space.reconstruct(drawings.map(units.toModel), sampleLatent: sampleLatent,
                                      options: samplerOptions(options, temperature)).map(units.toCaller)
            }
        }
    }

    /// Drawings on the way from one drawing to another: both are encoded, `count` vectors are
    /// interpolated between their latent vectors (``LatentVector/interpolate(from:to:count:)``) and
    /// each is decoded.
    /// - Parameters:
    ///   - a: The first drawing, in the caller's units.
    ///   - b: The last drawing.
    ///   - count: Drawings to make, at least 2 for both ends.
    ///   - temperature: How random the drawings are.
    ///   - seed: The random seed.
    /// - Returns: `count` drawings in the caller's units, from `a`'s decoding to `b`'s.
    /// - Throws: As ``encode(_:)`` and ``decode(_:temperature:seed:)``.
    public func interpolate(from a: Sketch, to b: Sketch, count: Int,
                            temperature: SamplingTemperature = SamplingTemperature(0.1), seed: UInt64 = 0) throws -> [Sketch] {
        guard count >= 1 else { throw GenerationError.badRequest("the count must be at least 1") }
        let ends = try encode([a, b])
        return try decode(LatentVector.interpolate(from: ends[0], to: ends[1], count: count), temperature: temperature, seed: seed)
    }
}
