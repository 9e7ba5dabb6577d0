import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

struct ModelsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Describe a model from its file: configuration, data and licence, training, test figures.",
        discussion: "One `key: value` line each (the model cards are built from it). Example: sketch models show sheep"
    )

    @Argument(help: "A shipped checkpoint's or fetched model's short name, or a model file.") var model: String

    func run() throws {
        let url = try Checkpoints.resolve(model)
        let file = try ModelFile.load(url)
        for (key, value) in Self.describe(file, url: url) { print("\(key): \(value)") }
    }

    /// The description as ordered key/value pairs.
    static func describe(_ file: ModelFile, url: URL) -> [(String, String)] {
        let c = file.config, info = file.info, notes = info.notes
        func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "-" }
        func duration(_ text: String?) -> String? {
            guard let text, let s = Double(text) else { return nil }
            return s < 5400 ? String(format: "%.0f s (%.1f min)", s, s / 60) : String(format: "%.0f s (%.2f h)", s, s / 3600)
        }
        var rows: [(String, String)] = [("name", info.name)]
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
        rows.append(("file", url.lastPathComponent + (bytes.map { String(format: " (%.2f MB", Double($0) / 1e6) + (notes["storage"].map { ", \($0))" } ?? ")") } ?? "")))
        let cell = ["lstm": "LSTM", "layerNorm": "LayerNorm LSTM", "hyper": "HyperLSTM"][c.cell.rawValue] ?? c.cell.rawValue
        var shape = c.isVAE ? "VAE: encoder bidirectional LSTM \(c.encoderSize), z \(c.latentSize), decoder \(cell) \(c.decoderSize)"
            : "decoder-only: \(cell) \(c.decoderSize)"
        shape += ", \(c.mixtures) mixtures, Nmax \(c.nmax), recurrent dropout keep \(c.recurrentDropoutKeep)"
        rows.append(("model", shape))
        rows.append(("parameters", "\(file.parameters.count)"))
        rows.append(("scale factor", "\(info.scaleFactor)"))
        if let size = try? ModelDrawingSize.of(file) {
            rows.append(("drawing size", String(format: "%.2f model units, %.0f data pixels (%@)", size.modelUnits,
                                                size.modelUnits * info.scaleFactor, size.source.rawValue)))
        }
        rows.append(("data", info.dataSets.map { "\($0).npz" }.joined(separator: ", ")))
        if let licence = notes["data_licence"] { rows.append(("licence", licence)) }
        if let text = notes["training"], let t = try? JSONDecoder().decode(TrainingConfig.self, from: Data(text.utf8)) {
            var s = "batch \(t.batchSize), Adam lr \(t.learningRate.initial) × \(t.learningRate.decayRate)/step to \(t.learningRate.minimum)"
            s += ", gradient clip \(t.gradientClip)\(t.clipByNorm ? " (norm)" : " (value)")"
            if c.isVAE { s += ", w_KL \(t.klWeight.weight) from \(t.klWeight.start) (R \(t.klWeight.decayRate)), KL_min \(t.klMin)" }
            s += ", augmentation: scale ±\(t.randomScale), point drop \(t.strokeDropProbability), pen loss \(t.penLoss.rawValue), seed \(t.seed)"
            rows.append(("training", s))
        } else if let pen = notes["pen_loss"] {
            rows.append(("training", "pen loss \(pen)"))
        }
        var steps = "\(info.trainingStep) (best validation)"
        if let run = notes["run_steps"] { steps += " of \(run) trained" }
        rows.append(("steps", steps))
        if let t = duration(notes["training_seconds"]) { rows.append(("wall time to best step", t)) }
        if let t = duration(notes["run_seconds"]) { rows.append(("wall time of the run", t)) }
        if let from = notes[TrainingState.startedFromKey] {
            rows.append(("started from", "the weights of " + from + "; the steps and wall time above are this run's own"))
        }
        if let v = info.losses["valid_reconstruction"] {
            rows.append(("validation", "L_R \(f(v))" + (c.isVAE ? ", L_KL \(f(info.losses["valid_kl"]))" : "")))
        }
        if let r = info.losses["test_reconstruction"] {
            var s = "L_R \(f(r)) (L_s \(f(info.losses["test_offset"])), L_p \(f(info.losses["test_pen"])))"
            if c.isVAE { s += ", L_KL \(f(info.losses["test_kl"]))" }
            if let n = notes["test_sketches"] { s += ", \(n) sketches" }
            rows.append(("test", s))
        }
        if let a = notes["test_L_R_f32"].flatMap(Double.init), let b = notes["test_L_R_f16"].flatMap(Double.init) {
            rows.append(("float16 check", "test L_R \(f(a)) in float32, \(f(b)) in float16; stored as \(notes["storage"] ?? "?")"))
        }
        rows.append(("sampling", "\(info.samplingStyle)" + (info.sampling == nil ? " (the project's standard)" : " (the model's own)")))
        return rows
    }
}
