import ArgumentParser
import Foundation
import SketchRNN

struct DataConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert QuickDraw .ndjson/.bin files to a sketch-rnn .npz, or draw an .npz as an SVG sheet.",
        discussion: """
            IN.ndjson|IN.bin ... --output OUT.npz: raw ndjson drawings get the Quick, Draw! preprocessing \
            (top-left, scaled into 0-255, resampled at 1 unit, RDP); simplified ones are simplified again \
            with --epsilon (0 leaves them). Each input is shuffled with --seed and split by --split; several \
            inputs make one multi-class data set.
            IN.npz --output OUT.svg: a sheet of the first --count sketches of --split-name.
            """
    )

    @Argument(help: "Input files: .ndjson or .bin (to .npz), or one .npz (to .svg).")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The file to write: .npz or .svg.")
    var output: String

    @Option(help: "RDP epsilon in 0-255 units.")
    var epsilon: Float = 2.0

    @Option(help: "Train, valid and test fractions.")
    var split: String = "0.8,0.1,0.1"

    @Option(help: "Seed of the shuffle before splitting.")
    var seed: UInt64 = 1

    @Option(help: "Sketches on the SVG sheet.")
    var count: Int = 64

    @Option(help: "The split drawn on the SVG sheet: train, valid or test.")
    var splitName = Split.test

    @Flag(help: "Read drawings past the size limits (100000 points, 200000 resampled points: damage or an attack in Quick, Draw! files).")
    var hugeDrawings = false

    private var drawingLimits: DrawingLimits { hugeDrawings ? .lifted : .standard }

    func run() throws {
        let outputURL = URL(fileURLWithPath: output)
        switch outputURL.pathExtension.lowercased() {
        case "npz": try convertToNPZ(outputURL)
        case "svg": try drawSheet(outputURL)
        default: throw ValidationError("--output must end in .npz or .svg, not '\(output)'")
        }
    }

    private func convertToNPZ(_ outputURL: URL) throws {
        let fractions = try SplitFractions(parsing: split)
        guard epsilon >= 0, epsilon.isFinite else { throw ValidationError("--epsilon must be 0 or more") }
        var train: [Sketch] = [], valid: [Sketch] = [], test: [Sketch] = []
        for input in inputs {
            let url = URL(fileURLWithPath: input)
            let drawings: [QuickDrawDrawing]
            switch url.pathExtension.lowercased() {
            case "ndjson", "json": drawings = try QuickDraw.readNDJSON(contentsOf: url, limits: drawingLimits)
            case "bin": drawings = try QuickDraw.readBinary(contentsOf: url, limits: drawingLimits)
            default: throw ValidationError("'\(input)' is not .ndjson or .bin (converting to .npz)")
            }
            let progress = drawings.count >= 5000 ? ProgressBar(total: drawings.count, label: url.lastPathComponent) : nil
            var sketches: [Sketch] = []
            sketches.reserveCapacity(drawings.count)
            for (i, drawing) in drawings.enumerated() {
                sketches.append(drawing.sketch(epsilon: epsilon))
                if i % 500 == 0 { progress?.update(i, detail: "drawings") }
            }
            progress?.finish()
            let parts = fractions.split(sketches, seed: seed)
            train += parts.train
            valid += parts.valid
            test += parts.test
            let raw = drawings.filter(\.isRaw).count
            let lengths = sketches.map(\.count)
            print("\(input): \(drawings.count) drawings (\(raw) raw) -> \(parts.train.count)/\(parts.valid.count)/\(parts.test.count), "
                  + "\(lengths.min() ?? 0)-\(lengths.max() ?? 0) points")
        }
        try SketchFile(train: train, valid: valid, test: test).write(to: outputURL)
        print("wrote \(outputURL.path): train \(train.count), valid \(valid.count), test \(test.count)")
    }

    private func drawSheet(_ outputURL: URL) throws {
        guard inputs.count == 1, let input = inputs.first, input.lowercased().hasSuffix(".npz") else {
            throw ValidationError("drawing an SVG sheet needs exactly one .npz input")
        }
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        let file = try SketchFile.read(contentsOf: URL(fileURLWithPath: input))
        let which = splitName
        let sketches = file.sketches(which)
        let chosen = Array(sketches.prefix(count).enumerated())
        let cells = chosen.map { i, sketch in SVGCell(sketch: sketch, caption: "\(which.rawValue) \(i) (\(sketch.count) pts)") }
        let name = URL(fileURLWithPath: input).lastPathComponent
        try SVGSheet(cells: cells, title: "\(name): \(chosen.count) of \(sketches.count) \(which.rawValue) sketches").write(to: outputURL)
        print("wrote \(outputURL.path): \(chosen.count) sketches from \(name) \(which.rawValue)")
    }
}
