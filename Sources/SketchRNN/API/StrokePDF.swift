#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The distribution of a model's next point (as magenta-js's `StrokePDF`): a mixture of bivariate
/// normal distributions over the offset, and the probabilities of the three pen states, both taken
/// at a temperature (docs/model.md §2, §4). Offsets and spreads are in the caller's units.
public struct StrokePDF: Sendable, Equatable {
    /// One bivariate normal distribution of the mixture.
    public struct Component: Sendable, Equatable {
        /// The component's probability; the weights of a distribution sum to 1.
        public var weight: Float
        /// Mean offset `(dx, dy)`.
        public var mean: SIMD2<Float>
        /// Standard deviations of `dx` and `dy`.
        public var standardDeviation: SIMD2<Float>
        /// Correlation of `dx` and `dy`, in (-1, 1).
        public var correlation: Float

        /// A component from its parts.
        public init(weight: Float, mean: SIMD2<Float>, standardDeviation: SIMD2<Float>, correlation: Float) {
            self.weight = weight
            self.mean = mean
            self.standardDeviation = standardDeviation
            self.correlation = correlation
        }
    }

    /// The mixture's components, in the model's order.
    public var components: [Component]
    /// Probabilities that the pen stays down, lifts after the point, or that the drawing ends;
    /// they sum to 1.
    public var pen: (down: Float, up: Float, end: Float)

    /// A distribution from its parts.
    public init(components: [Component], pen: (down: Float, up: Float, end: Float)) {
        self.components = components
        self.pen = pen
    }

    /// Two distributions are equal when their components and pen probabilities are.
    public static func == (a: StrokePDF, b: StrokePDF) -> Bool {
        a.components == b.components && a.pen == b.pen
    }

    /// The likeliest component's mean, with the likeliest pen state: what a greedy sampler draws.
    /// Nil when the likeliest pen state ends the drawing.
    public var mostLikelyPoint: StrokePoint? {
        guard pen.end <= max(pen.down, pen.up) else { return nil }
        let best = components.max { $0.weight < $1.weight }?.mean ?? .zero
        return StrokePoint(dx: best.x, dy: best.y, penLifted: pen.up > pen.down)
    }

    /// The distribution of one raw decoder output row (`6M + 3` values, laid out as docs/model.md §2
    /// says) at `temperature`, with offsets multiplied by `scale`. The softmaxes and spreads are
    /// tempered exactly as `MixtureDraw.draw` tempers them when it samples.
    package init(output y: UnsafePointer<Float>, mixtures m: Int, temperature t: SamplingTemperature, scale: Float) {
        let penLogits = Array(UnsafeBufferPointer(start: y, count: 3))
        let penProbabilities: [Float]
        switch t.pen {
        case .tempered:
            penProbabilities = Self.softmax(penLogits, temperature: t.softmax, greedy: t.greedySoftmax)
        case .untempered:
            penProbabilities = Self.softmax(penLogits, temperature: 1, greedy: false)
        case .untemperedEnd:
            let end = Self.softmax(penLogits, temperature: 1, greedy: false)[2]
            let downUp = Self.softmax(Array(penLogits[0..<2]), temperature: t.softmax, greedy: t.greedySoftmax)
            penProbabilities = [downUp[0] * (1 - end), downUp[1] * (1 - end), end]
        }
        let weights = Self.softmax(Array(UnsafeBufferPointer(start: y + 3, count: m)), temperature: t.softmax,
                                   greedy: t.greedySoftmax)
        let spread = t.greedyOffsets ? 0 : t.tau.squareRoot() * scale
        components = (0..<m).map { j in
            Component(weight: weights[j],
                      mean: SIMD2(y[3 + m + j], y[3 + 2 * m + j]) * scale,
                      standardDeviation: SIMD2(expf(y[3 + 3 * m + j]), expf(y[3 + 4 * m + j])) * spread,
                      correlation: tanhf(y[3 + 5 * m + j]))
        }
        pen = (penProbabilities[0], penProbabilities[1], penProbabilities[2])
    }

    /// `softmax(logits / temperature)`, or one-hot on the largest logit when greedy.
    private static func softmax(_ logits: [Float], temperature: Float, greedy: Bool) -> [Float] {
        let largest = logits.max() ?? 0
        if greedy {
            let best = logits.firstIndex(of: largest) ?? 0
            return logits.indices.map { $0 == best ? 1 : 0 }
        }
        let e = logits.map { expf(($0 - largest) / temperature) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }
}
