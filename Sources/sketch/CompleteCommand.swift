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
        let model = try options.loadModel()
        var drawing = try PrefixDrawing.read(from: URL(fileURLWithPath: (prefix as NSString).expandingTildeInPath))
        if let drawnFor {
            // Data pixels of the model drawn for, to this model's: in proportion to the sizes they draw at.
            let source = try ModelFile.load(try Checkpoints.resolve(drawnFor))
            let from = try ModelDrawingSize.of(source).modelUnits * source.info.scaleFactor
            let to = try ModelDrawingSize.of(model).modelUnits * model.info.scaleFactor
            drawing.dataPixelsPerUnit *= to / from
        }
        let n = options.count
        let t = options.temperature(for: model, modelTau: true)
        let seed = options.resolvedSeed()
        let completer = try Completer(model: model, capacity: n)
        var request = Completer.Request(
            polylines: drawing.polylines, dataPixelsPerUnit: drawing.dataPixelsPerUnit, penLifted: drawing.penLifted,
            count: n, temperature: t, seed: seed, simplifyEpsilon: epsilon, redraws: options.sampling.resolvedRedraws)
        request.maxPrefixPoints = longPrefix ? nil : 4 * model.config.nmax
        let result: Completer.Progress
        do {
            result = try completer.complete(request)
        } catch GenerationError.badRequest(let why) where why.hasPrefix("the prefix has") {
            throw PrefixTooLong(description: "\(prefix): \(why); --long-prefix completes it anyway")
        }
        // Everything in data pixels: the prefix as fed to the model, then each ending.
        let prefixPixels = completer.prefix(of: request).denormalized(by: model.info.scaleFactor)
        // Stroke-3 leaves out the prefix's first point, the origin its offsets start from: drawn
        // from there, the first segment would be missing (a closed shape would show a gap).
        let start = prefixPixels.points.isEmpty ? [] : [StrokePoint(dx: 0, dy: 0, penLifted: false)]
        let cells = result.endings.map { ending in
            let pixels = ending.map { StrokePoint(dx: $0.dx * drawing.dataPixelsPerUnit, dy: $0.dy * drawing.dataPixelsPerUnit, penLifted: $0.penLifted) }
            return SVGCell(sketch: Sketch(points: start + prefixPixels.points + pixels), continuationStart: start.count + prefixPixels.count)
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
