import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

/// The options every generating command shares: which model, how random, how many, where to.
struct GenerationOptions: ParsableArguments {
    @Option(name: .long, help: "Model: a .safetensors or sketch-rnn-js .json file, or a shipped checkpoint's or fetched model's short name (see `sketch models`).")
    var model = "sheep"

    @OptionGroup var sampling: TemperatureOptions

    @Option(name: .long, help: "Random seed; the same seed gives the same drawings. (default: a fresh one, printed)")
    var seed: UInt64?

    @Option(name: .customShort("n"), help: "How many drawings. (default: the command's)")
    var count: Int?

    @Option(name: .long, help: "The file to write: an SVG sheet (sample also writes NAME.json, the drawings as stroke JSON). (default: the command's)")
    var output: String?

    func validate() throws {
        if let n = count, n < 1 || n > 1024 { throw ValidationError("-n must be between 1 and 1024") }
    }

    /// The model, drawing in data pixels of its training set.
    func loadModel() throws -> SketchModel {
        try SketchModel(contentsOf: try Checkpoints.resolve(model))
    }

    /// How `model` samples: its own style at τ (`modelTau`: at its own τ unless --temperature is given), with the flags' overrides.
    func temperature(default tau: Float, for model: SketchModel, modelTau: Bool = false) -> SamplingTemperature {
        sampling.temperature(default: tau, style: model.samplingStyle, modelTau: modelTau)
    }

    /// How a command samples: at `t` with `seed`, redrawing what runs out as asked.
    func samplingOptions(_ t: SamplingTemperature, seed: UInt64, maxPoints: Int? = nil) -> SamplingOptions {
        SamplingOptions(temperature: t, seed: seed, redraws: sampling.resolvedRedraws, maxPoints: maxPoints)
    }

    /// The seed given, or a fresh one (reported so that the run can be repeated).
    func resolvedSeed() -> UInt64 {
        seed ?? UInt64.random(in: 0..<1_000_000)
    }

    func count(default n: Int) -> Int { count ?? n }

    func outputURL(default name: String) -> URL {
        URL(fileURLWithPath: ((output ?? name) as NSString).expandingTildeInPath)
    }

    /// A caption for a sheet: model, temperature, seed.
    func describe(_ model: SketchModel, _ t: SamplingTemperature, seed: UInt64, defaultTau: Float, modelTau: Bool = false) -> String {
        let tau = sampling.tau(default: defaultTau, style: model.samplingStyle, modelTau: modelTau)
        return "\(model.name) · \(TemperatureOptions.describe(t, tau: tau)) · seed \(seed)"
    }
}

/// Writes a sheet and says where.
func writeSheet(_ sheet: SVGSheet, to url: URL, what: String) throws {
    try sheet.write(to: url)
    print("wrote \(what) to \(url.path)")
}

/// A generated sketch (data pixels) as a sheet cell. An empty cell would look like a bug, so it
/// says that the model ended the sketch at once.
func generatedCell(_ sketch: Sketch, color: String = "#000000", caption: String? = nil) -> SVGCell {
    SVGCell(sketch: sketch, color: color, caption: sketch.isEmpty ? "(ended at once)" : caption)
}
