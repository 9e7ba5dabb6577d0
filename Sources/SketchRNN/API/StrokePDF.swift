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

    /// The distribution of one raw decoder output row (laid out as `OutputLayout` says) at
    /// `temperature`, with offsets multiplied by `scale`: the probabilities `MixtureDraw` draws from.
    package init(output y: UnsafePointer<Float>, layout: OutputLayout, temperature t: SamplingTemperature, scale: Float) {
        let m = layout.mixtures
        pen = PenSoftmax.penProbabilities(y + layout.pen, temperature: t)
        let weights = [Float](unsafeUninitializedCapacity: m) { w, count in
            let total = PenSoftmax.weights(y + layout.pi, count: m, temperature: t.softmax, greedy: t.greedySoftmax, into: w.baseAddress!)
            for j in 0..<m { w[j] /= total }
            count = m
        }
        let spread = t.greedyOffsets ? 0 : t.tau.squareRoot() * scale
        components = (0..<m).map { j in
            Component(weight: weights[j],
                      mean: SIMD2(y[layout.muX + j], y[layout.muY + j]) * scale,
                      standardDeviation: SIMD2(expf(y[layout.logSigmaX + j]), expf(y[layout.logSigmaY + j])) * spread,
                      correlation: tanhf(y[layout.rho + j]))
        }
    }
}
