/// How random a sampler is (SPEC §4, paper eq. 8).
///
/// The softmaxes over the mixture weights and the pen states are taken at `softmax`; the
/// Gaussians' standard deviations are scaled by `sqrt(tau)`. `tau = 0` is greedy: the most likely
/// component and pen state, and the component's mean. `pen` says whether the pen states are tempered
/// with the mixture weights (the paper) or drawn, all or only the end, at the model's own odds.
public struct SamplingTemperature: Equatable, Sendable {
    public var tau: Float
    /// Temperature of the two softmaxes; the paper uses `tau` itself.
    public var softmax: Float
    public var pen: PenTemperature

    /// How the three pen states (down, up, end) are drawn.
    public enum PenTemperature: String, Equatable, Sendable, CaseIterable {
        /// Paper eq. 8: the pen softmax at `softmax`, like the mixture weights. Below 1 this
        /// suppresses the end state (and pen lifts) wherever they are not the likeliest.
        case tempered
        /// The drawing ends with the model's own probability p3 (softmax at 1); if it goes on,
        /// pen down or up is drawn from their two-way softmax at `softmax`.
        case untemperedEnd = "untempered-end"
        /// All three pen states at the model's own odds (softmax at 1), whatever the temperature;
        /// only the mixture weights and the offsets are tempered.
        case untempered
    }

    /// The paper's temperature: both softmaxes and the variances at `tau`.
    public init(_ tau: Float) {
        self.init(tau: tau, softmax: tau)
    }

    public init(tau: Float, softmax: Float, pen: PenTemperature = .tempered) {
        self.tau = tau
        self.softmax = softmax
        self.pen = pen
    }

    /// sketch-rnn-js's default: softmaxes at `0.5 + 0.5 tau`, so never greedy.
    public static func sketchRNNJS(_ tau: Float) -> SamplingTemperature {
        SamplingTemperature(tau: tau, softmax: 0.5 + 0.5 * tau)
    }

    /// Below this a temperature counts as zero (argmax / mean), avoiding overflow in `exp(x / t)`.
    static let greedyThreshold: Float = 1e-4

    var greedySoftmax: Bool { softmax < Self.greedyThreshold }
    var greedyOffsets: Bool { tau < Self.greedyThreshold }

    public var isValid: Bool { tau >= 0 && softmax >= 0 && tau.isFinite && softmax.isFinite }
}
