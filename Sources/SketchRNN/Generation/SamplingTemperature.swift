/// How random a sampler is (docs/model.md §4; paper eq. 8 and what this project does instead by default).
///
/// The Gaussians' standard deviations are scaled by `sqrt(tau)`; the softmax over the mixture weights
/// is taken at `softmax`; the pen states are drawn as `pen` says. `tau = 0` takes each component's
/// mean; `softmax = 0` the likeliest component (and, when the pen is tempered, the likeliest state).
///
/// The project's default, `SamplingTemperature(tau)`, keeps the pen states at the model's own odds
/// and takes the mixture weights at sketch-rnn-js's `0.5 + 0.5 tau`: the paper's eq. 8
/// (`.paper(tau)`) tempers the pen softmax by `tau`, and below 1 that suppresses the end state,
/// so the shipped models' drawings ran on to Nmax (docs/generation.md).
public struct SamplingTemperature: Equatable, Sendable {
    /// The temperature of the offsets: the Gaussians' standard deviations are scaled by `sqrt(tau)`.
    public var tau: Float
    /// Temperature of the two softmaxes; the paper uses `tau` itself.
    public var softmax: Float
    /// How the pen states are drawn.
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

    /// The project's sampling at `tau`: offsets at `tau`, mixture weights at `0.5 + 0.5 tau`, the pen
    /// states at the model's own odds. What the app and every command use unless told otherwise.
    public init(_ tau: Float) {
        self.init(tau: tau, softmax: 0.5 + 0.5 * tau, pen: .untempered)
    }

    /// The paper's eq. 8: both softmaxes (pen states tempered) and the variances at `tau`.
    public static func paper(_ tau: Float) -> SamplingTemperature {
        SamplingTemperature(tau: tau, softmax: tau, pen: .tempered)
    }

    /// A temperature from its three parts.
    public init(tau: Float, softmax: Float, pen: PenTemperature = .tempered) {
        self.tau = tau
        self.softmax = softmax
        self.pen = pen
    }

    /// sketch-rnn-js's default: both softmaxes (pen states tempered) at `0.5 + 0.5 tau`, so never greedy.
    public static func sketchRNNJS(_ tau: Float) -> SamplingTemperature {
        SamplingTemperature(tau: tau, softmax: 0.5 + 0.5 * tau)
    }

    /// Below this a temperature counts as zero (argmax / mean), avoiding overflow in `exp(x / t)`.
    static let greedyThreshold: Float = 1e-4

    var greedySoftmax: Bool { softmax < Self.greedyThreshold }
    var greedyOffsets: Bool { tau < Self.greedyThreshold }

    /// True when both temperatures are finite and not negative.
    public var isValid: Bool { tau >= 0 && softmax >= 0 && tau.isFinite && softmax.isFinite }
}
