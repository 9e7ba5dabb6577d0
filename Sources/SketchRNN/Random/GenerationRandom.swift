/// Every random number of one generation request (a sheet, a completion, a decoding), derived from
/// its seed: each purpose is a stream of its own, named here and nowhere else.
///
/// Drawing `i`'s stream is the same whatever the batch size or the drawings beside it, so drawing 3
/// of `-n 8` equals drawing 3 of `-n 4`; a redraw's stream and a redraw's prior latent vector are
/// apart from every first draw's. Training's randomness is keyed by step and row instead
/// (`NoiseKey`), as ranks must agree on it.
package struct GenerationRandom: Sendable, Equatable {
    package let seed: UInt64

    package init(seed: UInt64) { self.seed = seed }

    /// The stream of drawing `index` (an ending, a sample, a decoded latent vector) on its draw
    /// `draw`: 0 for the first, 1 and on for the redraws of a drawing that ran out of steps.
    package func drawing(_ index: Int, draw: Int = 0) -> SeededGenerator {
        guard draw > 0 else { return stream(index, of: seed) }
        return stream(index, of: seed ^ (UInt64(draw) &* Self.redrawSalt))
    }

    /// The request's latent vectors drawn from the prior N(0, I), `count` × `size` values.
    package func priorLatents(count: Int, size: Int) -> [Float] {
        var rng = stream(Self.priorStream, of: seed)
        return (0..<(count * size)).map { _ in rng.nextGaussian() }
    }

    /// A new latent vector from the prior for redraw `draw` (1 and on) of drawing `index`: a
    /// drawing from the prior is conditioned on ending as a whole, z included.
    package func redrawLatent(_ index: Int, draw: Int, size: Int) -> [Float] {
        var rng = stream(Self.redrawLatentStreams - index, of: seed ^ (UInt64(draw) &* Self.redrawLatentSalt))
        return (0..<size).map { _ in rng.nextGaussian() }
    }

    /// The noise of latent vectors sampled from the encoder's distribution (`z = mu + sigma·eps`).
    package func encodingNoise() -> SeededGenerator { stream(Self.encodingNoiseStream, of: seed) }

    /// The latent vectors a command draws from the prior for its `random` inputs, in order.
    package func inputLatents() -> SeededGenerator { SeededGenerator(seed: seed ^ Self.inputLatentSalt) }

    // Streams of one seed are told apart by an odd multiplier unrelated to splitmix64's increment;
    // the purposes other than drawings take negative stream numbers, so they never meet a drawing's.
    private func stream(_ index: Int, of seed: UInt64) -> SeededGenerator {
        SeededGenerator(seed: seed ^ (UInt64(truncatingIfNeeded: index + 1) &* 0xD1B5_4A32_D192_ED03))
    }

    private static let priorStream = -1
    private static let encodingNoiseStream = -2
    /// Redraw latents take streams -2, -3, …, apart from the first draws' by their salt.
    private static let redrawLatentStreams = -2
    private static let redrawSalt: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let redrawLatentSalt: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let inputLatentSalt: UInt64 = 0x5EED
}
