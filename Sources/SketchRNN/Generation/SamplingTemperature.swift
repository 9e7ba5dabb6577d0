/// How random a sampler is (SPEC §4, paper eq. 8).
///
/// The softmaxes over the mixture weights and the pen states are taken at `softmax`; the
/// Gaussians' standard deviations are scaled by `sqrt(tau)`. `tau = 0` is greedy: the most likely
/// component and pen state, and the component's mean.
public struct SamplingTemperature: Equatable, Sendable {
    public var tau: Float
    /// Temperature of the two softmaxes; the paper uses `tau` itself.
    public var softmax: Float

    /// The paper's temperature: both softmaxes and the variances at `tau`.
    public init(_ tau: Float) {
        self.tau = tau
        self.softmax = tau
    }

    public init(tau: Float, softmax: Float) {
        self.tau = tau
        self.softmax = softmax
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
