import ArgumentParser
import Foundation
import SketchRNN

struct ReconstructCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconstruct",
        abstract: "Encode sketches with a VAE and decode them again.",
        discussion: """
            Each input is PATH or PATH@INDEX: an .npz data set (sketch INDEX of --split), a Quick, Draw! .ndjson \
            file (line INDEX), stroke-3 JSON or stroke JSON. Each row of the sheet is one input (black) and -n \
            reconstructions. Example: sketch reconstruct --model sheep-vae \
            aaron_sheep.npz@0 aaron_sheep.npz@1 -n 4
            """
    )

    @OptionGroup var options: GenerationOptions<Self>
    @OptionGroup var inputs: SketchInputOptions

    @Argument(help: "Sketches to reconstruct.")
    var sketches: [String]

    @Flag(help: "Sample z = mu + sigma·eps instead of using z = mu.")
    var sampleLatent = false

    func run() throws {
        let model = try options.loadModel()
        let n = options.count
        let t = options.temperature(for: model)
        let seed = options.resolvedSeed()
        let originals = try sketches.map { try SketchInputs.read($0, split: inputs.split) }
        let repeated = originals.flatMap { Array(repeating: $0, count: n) }
        let outputs = try model.reconstruct(repeated, sampleLatent: sampleLatent, options: options.samplingOptions(t, seed: seed))
        var cells = [SVGCell]()
        for (i, original) in originals.enumerated() {
            cells.append(SVGCell(sketch: original, caption: "input \(i + 1)"))
            for k in 0..<n {
                cells.append(generatedCell(outputs[i * n + k], color: "#1f77b4"))
            }
        }
        let sheet = SVGSheet(cells: cells, columns: n + 1, title: options.describe(model, t, seed: seed))
        try writeSheet(sheet, to: options.outputURL, what: "\(originals.count) × \(n) reconstructions (seed \(seed))")
    }
}

extension ReconstructCommand: GenerationDefaults {
    static let count = 4
    static let output = "reconstruct.svg"
    static let tau: Float = 0.1
}
