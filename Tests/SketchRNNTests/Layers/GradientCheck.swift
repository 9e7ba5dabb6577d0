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
        StrokeBatch(sketches: randomSketches(lengths: lengths, rng: &rng), steps: steps, nmax: nmax, startToken: firstInput)
    }

    /// Sketches of random offsets (model units), the pen lifting at a quarter of the points and at the end.
    static func randomSketches(lengths: [Int], rng: inout SeededGenerator) -> [Sketch] {
        lengths.map { n in
            Sketch(points: (0..<n).map { i in
                let lift = rng.nextUniform() < 0.25 || i == n - 1
                return StrokePoint(dx: 0.6 * rng.nextGaussian(), dy: 0.6 * rng.nextGaussian(), penLifted: lift)
            })
        }
    }
}
