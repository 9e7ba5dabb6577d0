import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// The generating commands run as a user runs them, on a small model the test makes.
struct GenerationCommandTests {
    static let executable = SketchExecutable.url

    static func tinyModelFile(in folder: TemporaryFolder) throws -> URL {
        let url = folder.file("tiny.safetensors")
        try TinyModels.sampling(.decoder).save(to: url)
        return url
    }

    @Test(.enabled(if: executable != nil, "the sketch executable is not built"))
    func sampleWritesOnePolylinePerStrokeAndIsReproducible() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = try Self.tinyModelFile(in: folder)
        let a = folder.file("a.svg"), b = folder.file("b.svg")
        for out in [a, b] {
            let r = try SketchExecutable.run(["sample", "--model", model.path, "-n", "3", "--temperature", "0.4", "--seed", "5", "--output", out.path])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let svg = try String(contentsOf: a, encoding: .utf8)
        #expect(svg.contains("<polyline"))
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
        let sketches = TinyModels.sampling(.decoder)
        let strokes = try Sampler(model: sketches, capacity: 3)
            .sample(count: 3, options: Sampler.Options(temperature: SamplingTemperature(0.4), seed: 5))
            .map { $0.polylines.count }.reduce(0, +)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == strokes)
    }

    @Test(.enabled(if: executable != nil, "the sketch executable is not built"))
    func sampleWritesStrokeJSONToAJSONFileAndRefusesOtherExtensions() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = try Self.tinyModelFile(in: folder)
        let json = folder.file("s.json")
        let r = try SketchExecutable.run(["sample", "--model", model.path, "-n", "3", "--temperature", "0.4", "--seed", "5", "--output", json.path])
        #expect(r.status == 0, "\(r.stderr)")
        let drawings = try StrokeDrawingList.decode(Data(contentsOf: json), file: json.path)
        let file = TinyModels.sampling(.decoder)
        let sketches = try Sampler(model: file, capacity: 3)
            .sample(count: 3, options: Sampler.Options(temperature: SamplingTemperature(0.4), seed: 5))
        #expect(drawings == sketches.map { StrokeDrawing(generated: $0.denormalized(by: file.info.scaleFactor), model: model.path) })

        let png = folder.file("s.png")
        let refused = try SketchExecutable.run(["sample", "--model", model.path, "--output", png.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("s.png: sketch sample writes .svg (a sheet) or .json (stroke JSON drawings)"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: png.path))
    }

    @Test(.enabled(if: executable != nil, "the sketch executable is not built"))
    func aTruncatedModelIsAClearErrorAndNothingIsWritten() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = try Self.tinyModelFile(in: folder)
        let data = try Data(contentsOf: model)
        let cut = folder.file("cut.safetensors")
        try data.prefix(data.count - 100).write(to: cut)
        let out = folder.file("out.svg")
        let r = try SketchExecutable.run(["sample", "--model", cut.path, "--output", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("sketch: error: \(cut.path): not a valid safetensors file:"), "\(r.stderr)")
        #expect(r.stderr.contains("truncated"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test(.enabled(if: executable != nil, "the sketch executable is not built"))
    func completeReadsEachPrefixFormatAlike() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = try Self.tinyModelFile(in: folder)
        var outputs = [Data]()
        for (i, text) in [PrefixExamples.stroke3, PrefixExamples.ndjson, PrefixExamples.strokeJSON].enumerated() {
            let prefix = folder.file("prefix\(i).txt"), out = folder.file("out\(i).svg")
            try Data(text.utf8).write(to: prefix)
            let r = try SketchExecutable.run(["complete", "--model", model.path, "--prefix", prefix.path, "-n", "2", "--seed", "1", "--output", out.path])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try Data(contentsOf: out))
        }
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
    }

    @Test(.enabled(if: executable != nil, "the sketch executable is not built"))
    func latentCommandsRefuseADecoderOnlyModel() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = try Self.tinyModelFile(in: folder)
        let prefix = folder.file("p.json")
        try Data(PrefixExamples.stroke3.utf8).write(to: prefix)
        let r = try SketchExecutable.run(["reconstruct", "--model", model.path, prefix.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("decoder-only"), "\(r.stderr)")
    }

    /// Issue 16: the SVG left out the prefix's first segment, so a closed square showed a gap.
    @Test(.enabled(if: executable != nil, "the sketch executable is not built"))
    func completeDrawsThePrefixWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = try Self.tinyModelFile(in: folder)
        let prefix = folder.file("square.json"), out = folder.file("out.svg")
        try Data("[[10, 0, 0], [0, 10, 0], [-10, 0, 0], [0, -10, 1]]".utf8).write(to: prefix)
        let r = try SketchExecutable.run(["complete", "--model", model.path, "--prefix", prefix.path, "-n", "1", "--seed", "1", "--output", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOf: out, encoding: .utf8)
        let line = try #require(svg.split(separator: "\n").first { $0.hasPrefix("<polyline") && $0.contains("stroke=\"#000000\"") })
        let points = try #require(line.split(separator: "\"").dropFirst().first).split(separator: " ")
        #expect(points.count == 5 && points.first == points.last, "\(line)")
    }

    /// Issue 16: the int16 export's cost on test L_R was undocumented; `--data` reports it.
    @Test(.enabled(if: executable != nil, "the sketch executable is not built"))
    func exportReportsTheInt16CostOnTestLR() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = folder.file("m.safetensors"), data = folder.file("d.npz"), out = folder.file("m.json")
        try TinyModels.exported(type: .decoder).save(to: model)
        let walks = TrainingFixtures.sketches(count: 7, seed: 4, maxLength: 20).map { s in
            Sketch(points: s.points.map { StrokePoint(dx: ($0.dx * 30).rounded(), dy: ($0.dy * 30).rounded(), penLifted: $0.penLifted) })
        }
        try SketchFile(train: walks, valid: walks, test: walks).write(to: data)
        let r = try SketchExecutable.run(["export", "--model", model.path, "--output", out.path, "--data", data.path])
        #expect(r.status == 0, "\(r.stderr)")
        let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("int16 weights: test L_R ") }, "\(r.stdout)")
        let numbers = line.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: "()"))) }
        #expect(numbers.count == 4 && abs(numbers[1] - numbers[0] - numbers[2]) < 2e-4 && numbers[3] == 7, "\(line)")
        // "Before" is what `sketch eval` measures for the model itself.
        let eval = try SketchExecutable.run(["eval", "--model", model.path, "--data", data.path, "--z-mean", "--json"])
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any], "\(eval.stderr)")
        let reconstruction = try #require((figures["L_R"] as? NSNumber)?.doubleValue)
        #expect(abs(reconstruction - numbers[0]) < 1e-4)
    }
}
