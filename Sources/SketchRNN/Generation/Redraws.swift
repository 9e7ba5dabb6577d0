/// Drawing again what runs out of steps.
///
/// The data sets hold only sketches of at most Nmax points, so a model of them should give longer
/// ones no mass; ours give them a little (2–10 % of `sheep`'s drawings, most of them lost
/// scribble, docs/generation.md). Drawing such a sketch again from the start, with a fresh random
/// stream, samples the model conditioned on ending within the limit, as the data is. The first
/// draw of a sketch is the one it would be without redraws, so a sketch that ends at once is
/// unchanged; each redraw costs at most one more run to the limit.
package enum Redraws {
    /// The generating commands', the app's and the library's: with up to 10 % of drawings running
    /// out, 4 redraws leave about one in 100 000 unended.
    package static let `default` = 4

    /// The random stream of draw `draw` (0 for the first) of stream `stream`.
    static func generator(seed: UInt64, stream: Int, draw: Int) -> SeededGenerator {
        guard draw > 0 else { return StreamRandom.generator(seed: seed, stream: stream) }
        // Another odd multiplier keeps a redraw's words apart from every first draw's.
        return StreamRandom.generator(seed: seed ^ (UInt64(draw) &* 0x9E37_79B9_7F4A_7C15), stream: stream)
    }

    /// A new z from the prior for redraw `draw` (1 for the first redraw) of stream `stream`: a
    /// sketch drawn from the prior is conditioned on ending as a whole, z included, since some z
    /// lead to drawings that rarely end.
    static func latent(seed: UInt64, stream: Int, draw: Int, size: Int) -> [Float] {
        var rng = StreamRandom.generator(seed: seed ^ (UInt64(draw) &* 0xC2B2_AE3D_27D4_EB4F), stream: -2 - stream)
        return StreamRandom.gaussians(size, rng: &rng)
    }
}
