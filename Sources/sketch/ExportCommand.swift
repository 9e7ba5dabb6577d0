import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a model in another format: sketch-rnn-js JSON (plain-LSTM models) or safetensors.",
        discussion: """
            The format follows the output's extension: .json for sketch-rnn-js (weights clipped to ±10 and \
            rounded to its int16 step; info records the first input the model was trained with), \
            .safetensors for the project's own format (e.g. to bring a sketch-rnn-js model in). \
            Example: sketch export --model sheep --output sheep.json
            """
    )

    @Option(help: "Model: a file or a shipped checkpoint's or fetched model's short name.")
    var model: String

    @Option(help: "The file to write (.json or .safetensors).")
    var output: String

    @Flag(help: "Store safetensors weights as float16 (half the size).")
    var half = false

    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "sketch-rnn .npz data: for a .json export, report what sketch-rnn-js's int16 weights cost on its test split; for a .safetensors one, store the size the model draws at (drawing_size), measured on its test split.",
        discussion: "Test L_R of the model and of the export as read back (z = mu for a VAE)."))
    var data: [String] = []

    func run() throws {
        var file = try ModelFile.load(try Checkpoints.resolve(model))
        let url = URL(fileURLWithPath: (output as NSString).expandingTildeInPath)
        switch url.pathExtension.lowercased() {
        case "json":
            try SketchRNNJS.write(file, to: url)
            if !data.isEmpty { try reportInt16Cost(file, exported: url) }
        case "safetensors":
            if !data.isEmpty {
                file = ModelDrawingSize.storing(try testSketches(file), in: file)
                print("drawing size: \(file.info.notes[ModelDrawingSize.metadataKey] ?? "-") model units (median of the test split)")
            }
            try file.save(to: url, as: half ? .f16 : .f32)
        default:
            throw ValidationError("--output must end in .json (sketch-rnn-js) or .safetensors")
        }
        print("wrote \(file.info.name) (\(file.config.type.rawValue), \(file.config.cell.rawValue) \(file.config.decoderSize)) to \(url.path)")
    }

    /// The data's test sketches in the model's units.
    func testSketches(_ file: ModelFile) throws -> [Sketch] {
        let sketches = try SketchDataSet.loadSplit(try DataSetArguments.urls(data), split: .test, nmax: file.config.nmax,
                                                   scaleFactor: file.info.scaleFactor).sketches
        guard !sketches.isEmpty else { throw ValidationError("\(data.joined(separator: ", ")): no test sketches of at most Nmax points") }
        return sketches
    }

    /// The export's weights are rounded to int16 steps of 10/32767: test L_R before and after.
    func reportInt16Cost(_ file: ModelFile, exported url: URL) throws {
        let back = try ModelFile.load(url)
        let sketches = try testSketches(file)
        let evaluator = try Evaluator(config: file.config, batchSize: min(100, sketches.count))
        let before = try evaluator.evaluate(parameters: file.parameters, sketches: sketches, klWeight: 0.5, zMean: true)
        let after = try evaluator.evaluate(parameters: back.parameters, sketches: sketches, klWeight: 0.5, zMean: true)
        print(String(format: "int16 weights: test L_R %.4f -> %.4f (%+.4f) on %d sketches", before.reconstruction,
                     after.reconstruction, after.reconstruction - before.reconstruction, before.sketches))
    }
}
