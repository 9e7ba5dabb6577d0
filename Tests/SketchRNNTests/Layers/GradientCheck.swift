@testable import SketchRNN

/// Central finite differences against analytic gradients.
enum GradientCheck {
    struct Mismatch: CustomStringConvertible {
        var label: String, index: Int, analytic: Double, numeric: Double
        var description: String { "\(label)[\(index)]: analytic \(analytic), numeric \(numeric)" }
    }

    /// Perturbs `values[i]` by ±`step` for each index in `indices` and compares the slope of `loss`
    /// with `analytic[i]`: |a - n| ≤ absolute + relative · max(|a|, |n|).
    static func check(
        _ label: String, values: inout [Float], indices: [Int], analytic: [Float], step: Float = 1e-2,
        absolute: Double = 2e-4, relative: Double = 2e-2, extrapolated: Bool = false, loss: ([Float]) -> Double
    ) -> [Mismatch] {
        var bad: [Mismatch] = []
        func difference(_ i: Int, _ h: Float) -> Double {
            let saved = values[i]
            values[i] = saved + h
            let plus = loss(values)
            values[i] = saved - h
            let minus = loss(values)
            values[i] = saved
            return (plus - minus) / (2 * Double(h))
        }
        for i in indices {
            // Richardson's extrapolation cancels the step's h² error where the loss curves sharply,
            // without the float rounding a smaller step would bring.
            let numeric = extrapolated ? (4 * difference(i, step / 2) - difference(i, step)) / 3 : difference(i, step)
            let a = Double(analytic[i])
            if abs(a - numeric) > absolute + relative * max(abs(a), abs(numeric)) {
                bad.append(Mismatch(label: label, index: i, analytic: a, numeric: numeric))
            }
        }
        return bad
    }

    /// A few indices spread over `0..<count` (all of them when there are few).
    static func sample(_ count: Int, _ n: Int = 6, rng: inout SeededGenerator) -> [Int] {
        if count <= n { return Array(0..<count) }
        return (0..<n).map { _ in Int(rng.next() % UInt64(count)) }
    }

    static func randomArray(_ count: Int, scale: Float = 1, rng: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in scale * rng.nextGaussian() }
    }

    /// A batch of random sketches with the given lengths, padded with end rows to `steps`.
    static func randomBatch(lengths: [Int], steps: Int, nmax: Int? = nil, firstInput: FirstInput = .penDown,
                            rng: inout SeededGenerator) -> StrokeBatch {
        let n = lengths.count
        var strokes = [Float](repeating: 0, count: (steps + 1) * n * 5)
        for b in 0..<n {
            strokes.replaceSubrange((b * 5)..<(b * 5 + 5), with: firstInput.row)
            for t in 1...steps {
                let o = (t * n + b) * 5
                if t <= lengths[b] {
                    let lift = rng.nextUniform() < 0.25 || t == lengths[b]
                    strokes[o] = 0.6 * rng.nextGaussian()
                    strokes[o + 1] = 0.6 * rng.nextGaussian()
                    strokes[o + 2] = lift ? 0 : 1
                    strokes[o + 3] = lift ? 1 : 0
                } else {
                    strokes[o + 4] = 1
                }
            }
        }
        return StrokeBatch(batchSize: n, steps: steps, nmax: nmax ?? steps, strokes: strokes, lengths: lengths,
                           indices: Array(0..<n))
    }
}
