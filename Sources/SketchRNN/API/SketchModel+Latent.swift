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
}

extension SketchModel {
    /// Encodes drawings to their latent vectors (the encoder's mean, `z = mu`).
    /// - Parameter drawings: Drawings as stroke-3 points in the caller's units, none empty; a
    ///   drawing longer than ``maxPoints`` is read up to that point.
    /// - Returns: One vector of ``latentSize`` values per drawing.
    /// - Throws: ``GenerationError/needsVAE(_:)`` for a decoder-only model,
    ///   ``GenerationError/badRequest(_:)`` for an empty drawing.
    public func encode(_ drawings: [Sketch]) throws -> [LatentVector] {
        try requireVAE()
        return try run {
            let encoding = try LatentSpace(model: file).encode(drawings.map(toModelUnits))
            return drawings.indices.map { LatentVector(encoding.mean($0, latentSize: latentSize)) }
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
        try requireVAE()
        guard temperature.isValid else { throw GenerationError.badRequest("the temperature must be finite and not negative") }
        return try run {
            try LatentSpace(model: file).decode(latents.map(\.values), options: Sampler.Options(temperature: temperature, seed: seed))
                .map(toCallerUnits)
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
        try decode(encode(drawings), temperature: temperature, seed: seed)
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
