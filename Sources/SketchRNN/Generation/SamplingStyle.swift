/// How one model draws best: how the temperature τ a person chooses becomes the offsets'
/// temperature, the softmax temperature and the pen treatment, and the τ to start at.
///
/// It travels in the model file (metadata key `sampling`, and `sampling` in a sketch-rnn-js
/// export's info), as a generation config travels with a language model, and the app, every command
/// and `SketchModel` sample with it unless told otherwise. One setting does not suit every model:
/// the untempered pen that ends the sheep's drawings made omniglot's too long, and scaling the
/// Gaussians by `sqrt(τ)` shrinks a sheep at low τ (docs/generation.md).
public struct SamplingStyle: Codable, Equatable, Sendable {
    /// A temperature as a straight line in τ, `base + slope · τ`, never below 0.
    public struct Line: Codable, Equatable, Sendable {
        /// The temperature at τ = 0.
        public var base: Float
        /// How much it rises with each unit of τ.
        public var slope: Float

        /// The line `base + slope · τ`.
        public init(base: Float, slope: Float) {
            self.base = base
            self.slope = slope
        }

        /// The line's value at `tau`.
        public func at(_ tau: Float) -> Float { max(0, base + slope * tau) }

        var isValid: Bool { base.isFinite && slope.isFinite && at(0) <= 10 && at(1) <= 10 }
    }

    /// The offsets' temperature (the Gaussians' standard deviations are scaled by its square root).
    public var offsets: Line
    /// The mixture-weight softmax's temperature (and the pen softmax's when the pen is tempered).
    public var softmax: Line
    /// How the pen states are drawn.
    public var pen: SamplingTemperature.PenTemperature
    /// The τ this model is best drawn at, when its trainer said; callers fall back to their own.
    public var tau: Float?

    /// A style from its parts; the defaults are the project's standard.
    public init(offsets: Line = Line(base: 0, slope: 1), softmax: Line = Line(base: 0.5, slope: 0.5),
                pen: SamplingTemperature.PenTemperature = .untempered, tau: Float? = nil) {
        self.offsets = offsets
        self.softmax = softmax
        self.pen = pen
        self.tau = tau
    }

    /// The project's sampling for a model that carries no style: offsets at τ, mixture weights at
    /// `0.5 + 0.5 τ` (sketch-rnn-js's), the pen states at the model's own odds.
    public static let standard = SamplingStyle()

    /// This style's sampling at `tau`.
    public func temperature(_ tau: Float) -> SamplingTemperature {
        SamplingTemperature(tau: offsets.at(tau), softmax: softmax.at(tau), pen: pen)
    }

    /// The τ to draw at: the style's own, or `fallback`.
    public func tau(or fallback: Float) -> Float { tau ?? fallback }

    /// Why this style cannot be used, or nil (a model file's style is checked when it is read).
    package var problem: String? {
        if !offsets.isValid { return "the offsets' temperature line \(offsets.base) + \(offsets.slope) τ is not usable" }
        if !softmax.isValid { return "the softmax temperature line \(softmax.base) + \(softmax.slope) τ is not usable" }
        if let tau, !(tau >= 0 && tau <= 2) { return "the default τ \(tau) is not between 0 and 2" }
        return nil
    }
}

extension SamplingStyle: CustomStringConvertible {
    /// `offsets τ, softmax 0.5 + 0.5 τ, pen untempered, τ 0.5`.
    public var description: String {
        func line(_ l: Line) -> String {
            let f = { (x: Float) in x == x.rounded() ? String(Int(x)) : String(format: "%g", Double(x)) }
            switch (l.base, l.slope) {
            case (0, 0): return "0"
            case (0, 1): return "τ"
            case (_, 0): return f(l.base)
            case (0, _): return "\(f(l.slope)) τ"
            default: return "\(f(l.base)) + \(f(l.slope)) τ"
            }
        }
        return "offsets \(line(offsets)), softmax \(line(softmax)), pen \(pen.rawValue)" + (tau.map { ", τ \($0)" } ?? "")
    }
}

extension SamplingTemperature.PenTemperature: Codable {}
