import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

/// Reads the sketches the latent-space commands take, from `PATH` or `PATH@INDEX`:
/// an `.npz` data set (sketch INDEX of `--split`, default 0), a Quick, Draw! `.ndjson` file (line
/// INDEX), or a prefix-style file (stroke-3 JSON, stroke JSON). Results are in data pixels.
enum SketchInputs {
    static func read(_ spec: String, split: Split) throws -> Sketch {
        var path = spec
        var index = 0
        if let at = spec.lastIndex(of: "@"), let i = Int(spec[spec.index(after: at)...]) {
            path = String(spec[..<at])
            index = i
        }
        var url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        if !FileManager.default.fileExists(atPath: url.path), let fetched = FetchedFiles().dataSet(named: path) { url = fetched }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FormatError(file: path, problem: "no such file, nor a fetched data set of that name")
        }
        func pick(_ sketches: [Sketch], _ what: String) throws -> Sketch {
            guard sketches.indices.contains(index) else {
                throw FormatError(file: path, problem: "\(what) has \(sketches.count) sketches, no index \(index)")
            }
            return sketches[index]
        }
        switch url.pathExtension.lowercased() {
        case "npz":
            return try pick(SketchFile.read(contentsOf: url).sketches(split), "the \(split.rawValue) split")
        case "ndjson":
            return try pick(QuickDraw.readNDJSON(contentsOf: url).map { $0.sketch() }, "the file")
        default:
            return try PrefixDrawing.read(from: url).sketch
        }
    }
}

/// Options of the commands that read sketches to encode.
struct SketchInputOptions: ParsableArguments {
    @Option(help: "Split of an .npz input: train, valid or test.")
    var split = Split.test
}

extension Split: ExpressibleByArgument {}
