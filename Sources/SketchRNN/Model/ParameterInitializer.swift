#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Parameters {
    /// TF's initialisation (docs/model.md §3) drawn from `seed`: recurrent matrices orthogonal per gate block,
    /// input matrices Glorot-uniform, encoder heads and `init.weight` gaussian with std 0.001, biases 0,
    /// layer-norm gamma 1 and beta 0, the output layer (weight and bias) Glorot-uniform, and the
    /// HyperLSTM's embeddings as in TF (`zw` 0 with bias 1, `alpha` 0.1/E, `zb` N(0, 0.01), `beta` 0;
    /// with `zw` at 0 every scaling starts at 0.1, TF's recurrent-batch-norm trick).
    package static func initialized(config: ModelConfig, seed: UInt64) -> Parameters {
        var p = Parameters(config: config)
        var rng = SeededGenerator(seed: seed)
        for e in p.layout.entries {
            let values = initialValues(name: e.name, shape: e.shape, rng: &rng)
            p.values.replaceSubrange(e.offset..<(e.offset + e.count), with: values)
        }
        return p
    }

    private static func initialValues(name: String, shape: [Int], rng: inout SeededGenerator) -> [Float] {
        let count = shape.reduce(1, *)
        let leaf = name.split(separator: ".").last.map(String.init) ?? name
        switch name {
        case "decoder.hyper.zw.weight": return [Float](repeating: 0, count: count)
        case "decoder.hyper.zw.bias": return [Float](repeating: 1, count: count)
        case "decoder.hyper.alpha": return [Float](repeating: 0.1 / Float(shape[1]), count: count)
        case "decoder.hyper.zb": return (0..<count).map { _ in 0.01 * rng.nextGaussian() }
        case "decoder.hyper.beta": return [Float](repeating: 0, count: count)
        default: break
        }
        switch leaf {
        case "whh": return orthogonalBlocks(rows: shape[0], blocks: shape[1] / shape[0], rng: &rng)
        case "wxh": return glorotUniform(shape: shape, rng: &rng)
        case "gamma": return [Float](repeating: 1, count: count)
        case "beta":
            return [Float](repeating: 0, count: count)
        case "bias" where !name.hasPrefix("output."):
            return [Float](repeating: 0, count: count)
        default: break
        }
        if name.hasPrefix("output.") { return glorotUniform(shape: shape, rng: &rng) }
        // mu, presig and init heads.
        return (0..<count).map { _ in 0.001 * rng.nextGaussian() }
    }

    /// Uniform in ±sqrt(6 / (fan_in + fan_out)); a vector counts its length as both fans (as TF does).
    static func glorotUniform(shape: [Int], rng: inout SeededGenerator) -> [Float] {
        let fanIn = shape.count == 1 ? shape[0] : shape[0]
        let fanOut = shape.count == 1 ? shape[0] : shape[1]
        let limit = (6 / Float(fanIn + fanOut)).squareRoot()
        return (0..<shape.reduce(1, *)).map { _ in (2 * rng.nextUniform() - 1) * limit }
    }

    /// A `[n, blocks * n]` matrix whose `n × n` column blocks are each orthogonal (Gram–Schmidt of a
    /// gaussian matrix, in double precision).
    static func orthogonalBlocks(rows n: Int, blocks: Int, rng: inout SeededGenerator) -> [Float] {
        var out = [Float](repeating: 0, count: n * n * blocks)
        for b in 0..<blocks {
            let q = orthogonal(n, rng: &rng)
            for r in 0..<n {
                for c in 0..<n { out[r * n * blocks + b * n + c] = Float(q[r * n + c]) }
            }
        }
        return out
    }

    /// A random orthogonal `n × n` matrix, row-major (modified Gram–Schmidt, applied twice for accuracy).
    static func orthogonal(_ n: Int, rng: inout SeededGenerator) -> [Double] {
        // Rows of `a` are orthonormalised in turn.
        var a = (0..<(n * n)).map { _ in Double(rng.nextGaussian()) }
        a.withUnsafeMutableBufferPointer { m in
            for i in 0..<n {
                for _ in 0..<2 {
                    for j in 0..<i {
                        var dot = 0.0
                        for k in 0..<n { dot += m[i * n + k] * m[j * n + k] }
                        for k in 0..<n { m[i * n + k] -= dot * m[j * n + k] }
                    }
                }
                var norm = 0.0
                for k in 0..<n { norm += m[i * n + k] * m[i * n + k] }
                let inv = 1 / norm.squareRoot()
                for k in 0..<n { m[i * n + k] *= inv }
            }
        }
        return a
    }
}
