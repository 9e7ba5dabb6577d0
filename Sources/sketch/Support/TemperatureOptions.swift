import ArgumentParser
import SketchRNN

/// How random a generating command samples: τ, the softmaxes' own temperature and the end decision.
struct TemperatureOptions: ParsableArguments {
    @Option(name: .long, help: "Sampling temperature τ (paper eq. 8): softmaxes at τ, sigmas × sqrt(τ); 0 is greedy. (default: the command's)")
    var temperature: Float?

    @Option(name: .long, help: "A separate temperature for the pi and pen softmaxes (sketch-rnn-js uses 0.5 + 0.5 τ).")
    var softmaxTemperature: Float?

    @Option(name: .long, help: "The pen states: tempered with the mixture weights (paper eq. 8), untempered-end (the end at the model's own probability) or untempered (all three at the model's own odds).")
    var pen: SamplingTemperature.PenTemperature = .tempered

    func validate() throws {
        if let t = temperature, !(t >= 0 && t.isFinite) { throw ValidationError("--temperature must be a number ≥ 0") }
        if let t = softmaxTemperature, !(t >= 0 && t.isFinite) { throw ValidationError("--softmax-temperature must be a number ≥ 0") }
    }

    func temperature(default tau: Float) -> SamplingTemperature {
        let t = temperature ?? tau
        return SamplingTemperature(tau: t, softmax: softmaxTemperature ?? t, pen: pen)
    }

    /// `τ 0.5`, with the softmax temperature and end decision when they are not the paper's.
    static func describe(_ t: SamplingTemperature) -> String {
        let softmax = t.softmax == t.tau ? "" : ", softmax τ \(t.softmax)"
        let pen = t.pen == .tempered ? "" : ", pen \(t.pen.rawValue)"
        return "τ \(t.tau)\(softmax)\(pen)"
    }
}

extension SamplingTemperature.PenTemperature: ExpressibleByArgument {}
