import ArgumentParser
import Foundation
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

    @Option(help: "Model: a file or a shipped checkpoint's short name.")
    var model: String

    @Option(help: "The file to write (.json or .safetensors).")
    var output: String

    @Flag(help: "Store safetensors weights as float16 (half the size).")
    var half = false

    func run() throws {
        let file = try ModelFile.load(try Checkpoints.resolve(model))
        let url = URL(fileURLWithPath: (output as NSString).expandingTildeInPath)
        switch url.pathExtension.lowercased() {
        case "json":
            try SketchRNNJS.write(file, to: url)
        case "safetensors":
            try file.save(to: url, as: half ? .f16 : .f32)
        default:
            throw ValidationError("--output must end in .json (sketch-rnn-js) or .safetensors")
        }
        print("wrote \(file.info.name) (\(file.config.type.rawValue), \(file.config.cell.rawValue) \(file.config.decoderSize)) to \(url.path)")
    }
}
