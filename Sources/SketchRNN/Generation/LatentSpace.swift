#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A VAE's latent space (docs/model.md §2, §4): encode sketches to `mu`/`presig`, decode latent vectors to
/// sketches, reconstruct, and walk between latent vectors (slerp, 4-corner grids, analogies).
///
/// Sketches going in and out are in model units.
package final class LatentSpace {
    package let model: ModelFile
    private let encoder: SketchEncoder
    private var sampler: Sampler?

    package init(model: ModelFile) throws {
        guard model.config.isVAE else { throw GenerationError.needsVAE(model.info.name) }
        self.model = model
        encoder = try SketchEncoder(parameters: model.parameters, config: model.config)
    }

    package var latentSize: Int { model.config.latentSize }

    /// Encoder outputs for a batch: `mu` and `presig`, each `[count, Nz]` row by row.
    package struct Encoding: Sendable {
        package var mu: [Float]
        package var presig: [Float]

        /// `z = mu + exp(presig / 2) * eps` for sketch `i` with its own noise.
        package func sample(_ i: Int, latentSize nz: Int, rng: inout SeededGenerator) -> [Float] {
            (0..<nz).map { k in mu[i * nz + k] + expf(presig[i * nz + k] / 2) * rng.nextGaussian() }
        }

        package func mean(_ i: Int, latentSize nz: Int) -> [Float] { Array(mu[(i * nz)..<((i + 1) * nz)]) }
    }

    /// Encodes sketches (their real points, no start token or end rows, as TF trains the encoder).
    /// Sketches longer than Nmax keep their first Nmax points.
    package func encode(_ sketches: [Sketch]) throws -> Encoding {
        guard !sketches.isEmpty else { return Encoding(mu: [], presig: []) }
        if let empty = sketches.firstIndex(where: \.isEmpty) { throw GenerationError.badRequest("sketch \(empty) to encode is empty") }
        let (mu, presig) = encoder.encode(sketches: sketches)
        return Encoding(mu: mu, presig: presig)
    }

    /// Decodes latent vectors (each `Nz` values) to sketches as one batch; `watch` sees each sketch
    /// as soon as it is done and may stop the batch early.
    package func decode(_ latents: [[Float]], options: Sampler.Options, watch: Sampler.Watch? = nil) throws -> [Sketch] {
        try decodings(latents, options: options, watch: watch).map(\.sketch)
    }

    /// The same, each sketch with how it was drawn.
    package func decodings(_ latents: [[Float]], options: Sampler.Options, watch: Sampler.Watch? = nil) throws -> [Sampler.Drawing] {
        guard !latents.isEmpty else { return [] }
        for z in latents where z.count != latentSize {
            throw GenerationError.badRequest("a latent vector has \(z.count) values, the model's have \(latentSize)")
        }
        let sampler = try samplerWithCapacity(latents.count)
        return sampler.drawings(count: latents.count, latents: latents.flatMap { $0 }, options: options, watch: watch)
    }

    /// Each sketch encoded (`z = mu`, or sampled when `sampleLatent`) and decoded again.
    package func reconstruct(_ sketches: [Sketch], sampleLatent: Bool = false, options: Sampler.Options) throws -> [Sketch] {
        let e = try encode(sketches)
        var rng = GenerationRandom(seed: options.seed).encodingNoise()
        let z = sketches.indices.map { sampleLatent ? e.sample($0, latentSize: latentSize, rng: &rng) : e.mean($0, latentSize: latentSize) }
        return try decode(z, options: options)
    }

    private func samplerWithCapacity(_ n: Int) throws -> Sampler {
        if let sampler, sampler.capacity >= min(n, 64) { return sampler }
        let s = try Sampler(model: model, capacity: min(max(n, 1), 64))
        sampler = s
        return s
    }

    // MARK: Walking the space

    /// Spherical interpolation (docs/model.md §4): `t = 0` gives `a`, `t = 1` gives `b`; falls back to linear
    /// interpolation when the vectors are (anti)parallel.
    package static func slerp(_ a: [Float], _ b: [Float], _ t: Float) -> [Float] {
        precondition(a.count == b.count, "slerp needs vectors of one size")
        var dot: Double = 0, na: Double = 0, nb: Double = 0
        for i in a.indices {
            dot += Double(a[i]) * Double(b[i])
            na += Double(a[i]) * Double(a[i])
            nb += Double(b[i]) * Double(b[i])
        }
        let cosine = na > 0 && nb > 0 ? max(-1, min(1, dot / (na.squareRoot() * nb.squareRoot()))) : 1
        let omega = acos(cosine)
        let s = sin(omega)
        if s < 1e-6 { return zip(a, b).map { $0 + t * ($1 - $0) } }
        let wa = Float(sin((1 - Double(t)) * omega) / s), wb = Float(sin(Double(t) * omega) / s)
        return zip(a, b).map { wa * $0 + wb * $1 }
    }

    /// `count` vectors from `a` to `b` inclusive.
    package static func interpolate(_ a: [Float], _ b: [Float], count: Int) -> [[Float]] {
        guard count > 1 else { return [a] }
        return (0..<count).map { slerp(a, b, Float($0) / Float(count - 1)) }
    }

    /// A `rows × columns` grid, row by row, between four corners (top-left, top-right, bottom-left,
    /// bottom-right): the top and bottom edges are interpolated, then each column between them.
    package static func grid(corners: [[Float]], rows: Int, columns: Int) -> [[Float]] {
        precondition(corners.count == 4, "a grid needs four corners")
        let top = interpolate(corners[0], corners[1], count: columns)
        let bottom = interpolate(corners[2], corners[3], count: columns)
        var cells = [[Float]](repeating: [], count: rows * columns)
        for c in 0..<columns {
            let column = interpolate(top[c], bottom[c], count: rows)
            for r in 0..<rows { cells[r * columns + c] = column[r] }
        }
        return cells
    }

    /// `z_a - z_b + z_c`: "a is to b as ? is to c" with the shared part kept.
    package static func analogy(_ a: [Float], minus b: [Float], plus c: [Float]) -> [Float] {
        precondition(a.count == b.count && b.count == c.count, "analogy needs vectors of one size")
        return a.indices.map { a[$0] - b[$0] + c[$0] }
    }
}
