import ArgumentParser
import Foundation
import SketchRNN

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw a sheet of new sketches from a model.",
        discussion: "A VAE draws from latent vectors taken from the prior N(0, I). --output NAME.svg writes a sheet, NAME.json the drawings as a list of stroke JSON drawings in data pixels (docs/formats.md). Example: sketch sample --model sheep -n 16 --temperature 0.5 --seed 1 --output sheep.svg"
    )

    @OptionGroup var options: GenerationOptions<Self>

    @Option(help: "Columns of the sheet. (default: about square)")
    var columns: Int?

    @Option(help: "Steps per sketch at most. (default: the model's Nmax)")
    var maxSteps: Int?

    /// What `--output` asks for, told by its extension.
    enum OutputKind { case sheet, strokeJSON }

    static func outputKind(of path: String) throws -> OutputKind {
        switch (path as NSString).pathExtension.lowercased() {
        case "svg": return .sheet
        case "json": return .strokeJSON
        default: throw ValidationError("--output \(path): sketch sample writes .svg (a sheet) or .json (stroke JSON drawings)")
        }
    }

    func validate() throws {
        _ = try Self.outputKind(of: options.output)
    }

    func run() throws {
        let model = try options.loadModel()
        let n = options.count
        let t = options.temperature(for: model, modelTau: true)
        let seed = options.resolvedSeed()
        let sketches = try model.drawings(count: n, options: options.samplingOptions(t, seed: seed, maxPoints: maxSteps)).map(\.sketch)
        let url = options.outputURL
        switch try Self.outputKind(of: url.path) {
        case .sheet:
            let cells = sketches.map { generatedCell($0) }
            let sheet = SVGSheet(cells: cells, columns: columns, title: options.describe(model, t, seed: seed, modelTau: true))
            try writeSheet(sheet, to: url, what: "\(n) sketches (seed \(seed))")
        case .strokeJSON:
            let drawings = sketches.map { StrokeDrawing(generated: $0, model: options.model) }
            try AtomicFile.write(try StrokeDrawingList.encoded(drawings), to: url)
            print("wrote \(n) sketches (seed \(seed)) as stroke JSON to \(url.path)")
        }
    }
}

extension SampleCommand: GenerationDefaults {
    static let count = 16
    static let output = "sample.svg"
    static let tau: Float = 0.5
}
