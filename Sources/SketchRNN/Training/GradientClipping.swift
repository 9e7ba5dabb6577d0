/// How gradients are bounded before the optimiser sees them (docs/model.md §3: TF clips by value to [-1, 1]).
package enum GradientClipping: Sendable, Equatable {
    /// Each component clamped to `[-limit, limit]` (TF's `clip_by_value`, magenta's default).
    case value(Float)
    /// The whole gradient rescaled so that its L2 norm is at most `maxNorm`.
    case norm(Float)
    case none

    /// What the clipping saw: the global norm before clipping and whether every component was finite.
    package struct Report: Sendable {
        package var norm: Float
        package var isFinite: Bool
    }

    /// Checks the gradients for NaN/infinity and clips them in place, in one or two passes.
    /// Gradients that are not finite are left as they are: the caller skips the update.
    @discardableResult
    package func apply(to gradients: inout [Float]) -> Report {
        let n = gradients.count
        var sumSquares = 0.0
        gradients.withUnsafeBufferPointer { g in
            // Double accumulation in blocks keeps the norm accurate for millions of components.
            var i = 0
            while i < n {
                let end = Swift.min(i + 4096, n)
                var block: Float = 0
                for k in i..<end { block += g[k] * g[k] }
                sumSquares += Double(block)
                i = end
            }
        }
        let finite = sumSquares.isFinite
        let norm = Float(sumSquares.squareRoot())
        guard finite else { return Report(norm: norm, isFinite: false) }
        switch self {
        case .value(let limit):
            gradients.withUnsafeMutableBufferPointer { g in
                for k in 0..<n { g[k] = Swift.min(Swift.max(g[k], -limit), limit) }
            }
        case .norm(let maxNorm):
            if norm > maxNorm {
                let scale = maxNorm / norm
                gradients.withUnsafeMutableBufferPointer { g in
                    for k in 0..<n { g[k] *= scale }
                }
            }
        case .none:
            break
        }
        return Report(norm: norm, isFinite: true)
    }
}
