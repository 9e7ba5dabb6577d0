import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

struct CompleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Finish a partial drawing in several ways.",
        discussion: """
            The prefix file is a JSON array of [dx, dy, p] rows in data pixels, one Quick, Draw! ndjson line, \
            or the stroke JSON the app saves (docs/formats.md). The sheet shows the prefix in black and each \
            ending in red. Example: sketch complete --model sheep --prefix head.json -n 8
            """
    )

    @OptionGroup var options: GenerationOptions<Self>

    @Option(help: "The partial drawing to complete.")
    var prefix: String

    @Option(help: "RDP simplification of the prefix, in its own units (0 keeps every point).")
    var epsilon: Float = 2

    @Flag(help: "Complete a prefix longer than 4 × the model's Nmax points (once simplified).")
    var longPrefix = false

    @Option(help: ArgumentHelp("The model the prefix was drawn for (a file or a shipped name): the prefix is scaled from the size that model draws at to the size this one does, so that a sheep body drawn for one sheep model stays a body for another. (default: the completing model)", valueName: "model"))
    var drawnFor: String?

    func run() throws {
        let loaded = try options.loadModel()
        var drawing = try PrefixDrawing.read(from: URL(fileURLWithPath: (prefix as NSString).expandingTildeInPath))
        if let drawnFor {
            // Data pixels of the model drawn for, to this model's: in proportion to the sizes they draw at.
            let source = try SketchModel(contentsOf: try Checkpoints.resolve(drawnFor))
            drawing.dataPixelsPerUnit *= try loaded.drawingSize() / source.drawingSize()
        }
        // The model reads and draws in the prefix's own units.
        let model = try loaded.configured(SketchModel.Configuration(dataPixelsPerUnit: drawing.dataPixelsPerUnit))
        let n = options.count
        let t = options.temperature(for: model, modelTau: true)
        let seed = options.resolvedSeed()
        let completionOptions = CompletionOptions(count: n, temperature: t, seed: seed, redraws: options.sampling.resolvedRedraws,
                                                  simplification: epsilon, maxDrawingPoints: longPrefix ? nil : 4 * model.maxPoints)
        let result: Completion
        do {
            result = try model.complete(drawing.polylines, penLifted: drawing.penLifted, options: completionOptions)
        } catch GenerationError.badRequest(let why) where why.hasPrefix("the prefix has") {
            throw PrefixTooLong(description: "\(prefix): \(why); --long-prefix completes it anyway")
        }
        // Everything in data pixels: the prefix as the model read it, then each ending.
        let toPixels = Units(dataPixelsPerModelUnit: drawing.dataPixelsPerUnit)
        let prefixPixels = toPixels.toCaller(model.reading(of: drawing.polylines, penLifted: drawing.penLifted, simplification: epsilon))
        // Stroke-3 leaves out the prefix's first point, the origin its offsets start from: drawn
        // from there, the first segment would be missing (a closed shape would show a gap).
        let start = prefixPixels.points.isEmpty ? [] : [StrokePoint(dx: 0, dy: 0, penLifted: false)]
        let cells = result.endings.map { ending in
            SVGCell(sketch: Sketch(points: start + prefixPixels.points + toPixels.toCaller(ending).points),
                    continuationStart: start.count + prefixPixels.count)
        }
        let sheet = SVGSheet(cells: cells, title: options.describe(model, t, seed: seed, modelTau: true))
        try writeSheet(sheet, to: options.outputURL, what: "\(n) endings of a \(prefixPixels.count)-point prefix (seed \(seed))")
    }
}

struct PrefixTooLong: Error, CustomStringConvertible {
    let description: String
}

extension CompleteCommand: GenerationDefaults {
    static let count = 8
    static let output = "complete.svg"
    static let tau: Float = 0.25
}
