import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// `sketch eval` as a user runs it, on a small made-up model and the test splits of aaron_sheep
/// and kanji (or their stand-ins, `FixtureData`).
struct EvalCommandTests {
    static let ready = SketchExecutable.url != nil

    /// A made-up decoder-only model that says it was trained on aaron_sheep, with Nmax 100.
    static func model(in folder: TemporaryFolder) throws -> URL {
        let url = folder.file("tiny.safetensors")
        try TinyModels.sheepDecoder(name: "tiny", nmax: 100, seed: 3, trainingStep: 1).save(to: url)
        return url
    }

    @Test(.enabled(if: ready, "the sketch executable is not built"))
    func countsTheSketchesLeftOutAndNotesForeignData() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = try Self.model(in: folder)
        let sheep = FixtureData.url("aaron_sheep.npz")
        let test = try SketchFile.read(contentsOf: sheep).test
        let tooLong = test.filter { $0.isEmpty || $0.count > 100 }.count
        #expect(tooLong > 0 && tooLong < test.count)

        let own = try SketchExecutable.run(["eval", "--model", model.path, "--data", sheep.path])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout.contains("test split: \(test.count - tooLong) sketches (\(tooLong) empty or longer than Nmax left out)"), "\(own.stdout)")
        #expect(!own.stderr.contains("note:"), "\(own.stderr)")

        let kanji = FixtureData.url("kanji.rdp100.npz").path
        let foreign = try SketchExecutable.run(["eval", "--model", model.path, "--data", kanji])
        #expect(foreign.status == 0, "\(foreign.stderr)")
        #expect(foreign.stderr.contains("sketch: note: tiny.safetensors was trained on aaron_sheep, not on kanji.rdp100"), "\(foreign.stderr)")
    }

    @Test(.enabled(if: ready, "the sketch executable is not built"))
    func samplesReportEndingsAndLengthsBesideTheTestSplit() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = try Self.model(in: folder)
        let sheep = FixtureData.url("aaron_sheep.npz")
        let args = ["eval", "--model", model.path, "--data", sheep.path, "--samples", "12", "--temperature", "0.3", "--seed", "4"]
        let json = try SketchExecutable.run(args + ["--paper", "--pen", "untempered", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let file = try ModelFile.load(model)
        let drawn = try Sampler(model: file, capacity: 12)
            .drawings(count: 12, options: Sampler.Options(temperature: SamplingTemperature(tau: 0.3, softmax: 0.3, pen: .untempered), seed: 4, redraws: 0))
        let test = try SketchDataSet.loadSplit([sheep], split: .test, nmax: 100, scaleFactor: 18.5).sketches
        let expected = SampleFigures(drawings: drawn, maxSteps: 100, reference: test)
        #expect(object["ended"] as? Int == expected.ended)
        #expect(object["redraws"] as? Int == 0, "the paper's mode draws once")
        #expect(object["ended_first_draw"] as? Int == expected.ended && object["draws"] as? Int == 12)
        #expect(object["pen"] as? String == "untempered")
        #expect((object["length"] as? [String: Any])?["median"] as? Double == expected.lengths.median)
        #expect((object["test_length"] as? [String: Any])?["median"] as? Double == expected.reference?.median)
        #expect((object["test_length"] as? [String: Any])?["count"] as? Int == test.count)

        let text = try SketchExecutable.run(args)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("12 drawings at τ 0.3, seed 4, Nmax 100, up to 4 redraws"), "\(text.stdout)")
        #expect(text.stdout.contains("ended before Nmax") && text.stdout.contains("ended on the first draw"))
        let redrawn = try Sampler(model: file, capacity: 12)
            .drawings(count: 12, options: Sampler.Options(temperature: SamplingTemperature(0.3), seed: 4))
        let expectedText = SampleFigures(drawings: redrawn, maxSteps: 100)
        #expect(text.stdout.contains("\(expectedText.ended) / 12"), "\(text.stdout)")
        #expect(text.stdout.contains("test split (\(test.count))"))

        let misplaced = try SketchExecutable.run(["eval", "--model", model.path, "--data", sheep.path, "--temperature", "0.3"])
        #expect(misplaced.status != 0 && misplaced.stderr.contains("only apply with --samples"), "\(misplaced.stderr)")
    }
}
