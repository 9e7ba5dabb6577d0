import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

/// A generating command's own defaults, shown in its --help.
protocol GenerationDefaults: SamplingDefaults {
    /// Drawings made (-n).
    static var count: Int { get }
    /// The file written (--output).
    static var output: String { get }
}

/// The options every generating command (`Command`) shares: which model, how random, how many, where to.
struct GenerationOptions<Command: GenerationDefaults>: ParsableArguments {
    @Option(name: .long, help: "Model: a .safetensors or sketch-rnn-js .json file, or a shipped checkpoint's or fetched model's short name (see `sketch models`).")
    var model = "sheep"

    @OptionGroup var sampling: TemperatureOptions<Command>

    @Option(name: .long, help: "Random seed; the same seed gives the same drawings. (default: a fresh one, printed)")
    var seed: UInt64?

    @Option(name: .customShort("n"), help: "How many drawings.")
    var count = Command.count

    @Option(name: .long, help: "The file to write: an SVG sheet (sample also writes NAME.json, the drawings as stroke JSON).")
    var output = Command.output

    func validate() throws {
        if count < 1 || count > 1024 { throw ValidationError("-n must be between 1 and 1024") }
    }

    /// The model, drawing in data pixels of its training set.
    func loadModel() throws -> SketchModel {
        try SketchModel(contentsOf: try Checkpoints.resolve(model))
    }

    /// How `model` samples: its own style at τ (`modelTau`: at its own τ unless --temperature is given), with the flags' overrides.
    func temperature(for model: SketchModel, modelTau: Bool = false) -> SamplingTemperature {
        sampling.temperature(style: model.samplingStyle, modelTau: modelTau)
    }

    /// How a command samples: at `t` with `seed`, redrawing what runs out as asked.
    func samplingOptions(_ t: SamplingTemperature, seed: UInt64, maxPoints: Int? = nil) -> SamplingOptions {
        SamplingOptions(temperature: t, seed: seed, redraws: sampling.resolvedRedraws, maxPoints: maxPoints)
    }

    /// The seed given, or a fresh one (reported so that the run can be repeated).
    func resolvedSeed() -> UInt64 {
        seed ?? UInt64.random(in: 0..<1_000_000)
    }

    var outputURL: URL { URL(fileURLWithPath: (output as NSString).expandingTildeInPath) }

    /// A caption for a sheet: model, temperature, seed.
    func describe(_ model: SketchModel, _ t: SamplingTemperature, seed: UInt64, modelTau: Bool = false) -> String {
        let tau = sampling.tau(style: model.samplingStyle, modelTau: modelTau)
        return "\(model.name) · \(t.caption(tau: tau)) · seed \(seed)"
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
