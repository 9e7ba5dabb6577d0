import ArgumentParser
import SketchRNN

/// A sampling command's τ for a model without a sampling style of its own, shown in its --help.
protocol SamplingDefaults {
    static var tau: Float { get }
}

/// How random a sampling command (`Command`) samples: τ, the softmax temperature and the pen states.
struct TemperatureOptions<Command: SamplingDefaults>: ParsableArguments {
    @Option(name: .long, help: "Sampling temperature τ, as the model's sampling style takes it (`sketch models show`); without one: sigmas × sqrt(τ), mixture weights at 0.5 + 0.5 τ, pen states at the model's own odds (docs/generation.md). (default: the model's, else \(Command.tau))")
    var temperature: Float?

    @Flag(name: .long, help: "Sample as the paper's eq. 8: the mixture-weight and pen softmaxes at τ (drawings then rarely end below τ 1).")
    var paper = false

    @Option(name: .long, help: "The temperature of the mixture-weight softmax, and of the pen softmax when the pen is tempered. (default: the model's sampling style, else 0.5 + 0.5 τ; τ with --paper)")
    var softmaxTemperature: Float?

    @Option(name: .long, help: "The pen states: untempered (all three at the model's own odds), untempered-end (only the end) or tempered (with the softmax temperature, as eq. 8). (default: the model's sampling style, else untempered; tempered with --paper)")
    var pen: SamplingTemperature.PenTemperature?

    @Option(name: .long, help: "How often a drawing that runs out of steps without ending is drawn again from its start, with fresh randomness (0: keep the model's first draws, as sketch-rnn-js does). (default: 4; 0 with --paper)")
    var redraws: Int?

    /// The redraws asked for, or the default: none in the paper's mode, which samples as published.
    var resolvedRedraws: Int { redraws ?? (paper ? 0 : Redraws.default) }

    func validate() throws {
        if let r = redraws, r < 0 || r > 100 { throw ValidationError("--redraws must be between 0 and 100") }
        if let t = temperature, !(t >= 0 && t.isFinite) { throw ValidationError("--temperature must be a number ≥ 0") }
        if let t = softmaxTemperature, !(t >= 0 && t.isFinite) { throw ValidationError("--softmax-temperature must be a number ≥ 0") }
    }

    /// The τ a command draws at: the one given, else (`modelTau`) the model's own, else the command's.
    func tau(style: SamplingStyle = .standard, modelTau: Bool = false) -> Float {
        temperature ?? (modelTau ? style.tau(or: Command.tau) : Command.tau)
    }

    /// How to sample: the model's sampling style at τ (or the paper's eq. 8), then the flags that override a part.
    func temperature(style: SamplingStyle = .standard, modelTau: Bool = false) -> SamplingTemperature {
        let chosen = self.tau(style: style, modelTau: modelTau)
        var t = paper ? SamplingTemperature.paper(chosen) : style.temperature(chosen)
        if let softmaxTemperature { t.softmax = softmaxTemperature }
        if let pen { t.pen = pen }
        return t
    }

}

extension SamplingTemperature {
    /// `τ 0.5`, with how the offsets, the softmaxes and the pen were taken when it is not the project's standard.
    func caption(tau: Float? = nil) -> String {
        let tau = tau ?? self.tau
        if self == SamplingTemperature(tau) { return "τ \(tau)" }
        if self == .paper(tau) { return "τ \(tau) (paper eq. 8)" }
        func f(_ x: Float) -> String { String(format: "%g", Double(x)) }
        return "τ \(tau) (offsets \(f(self.tau)), softmax \(f(softmax)), pen \(pen.rawValue))"
    }
}

extension SamplingTemperature.PenTemperature: ExpressibleByArgument {}
