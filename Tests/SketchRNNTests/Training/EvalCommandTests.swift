import Foundation
import Testing
@testable import SketchRNN

/// `sketch eval` as a user runs it, on a small made-up model and real test splits.
struct EvalCommandTests {
    static let ready = DataCommandTests.executable != nil && SharedFiles.isAvailable

    /// A made-up decoder-only model that says it was trained on aaron_sheep, with Nmax 100.
    static func model(in folder: TemporaryFolder) throws -> URL {
        let config = ModelConfig(type: .decoder, decoderSize: 8, mixtures: 3, maxSeqLen: 100)
        let model = ModelFile(config: config, parameters: .initialized(config: config, seed: 3),
                              info: ModelInfo(name: "tiny", scaleFactor: 18.5, dataSets: ["aaron_sheep"], trainingStep: 1))
        let url = folder.file("tiny.safetensors")
        try model.save(to: url)
        return url
    }

    @Test(.enabled(if: ready, "needs the sketch executable and ../shared/data"))
    func countsTheSketchesLeftOutAndNotesForeignData() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = try Self.model(in: folder)
        let sheep = try #require(SharedFiles.url("data/aaron_sheep.npz"))
        let tooLong = try SketchFile.read(contentsOf: sheep).test.filter { $0.isEmpty || $0.count > 100 }.count
        #expect(tooLong > 0 && tooLong < 300)

        let own = try DataCommandTests.run(["eval", "--model", model.path, "--data", sheep.path])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout.contains("test split: \(300 - tooLong) sketches (\(tooLong) empty or longer than Nmax left out)"), "\(own.stdout)")
        #expect(!own.stderr.contains("note:"), "\(own.stderr)")

        let kanji = try #require(SharedFiles.url("data/kanji.rdp100.npz")).path
        let foreign = try DataCommandTests.run(["eval", "--model", model.path, "--data", kanji])
        #expect(foreign.status == 0, "\(foreign.stderr)")
        #expect(foreign.stderr.contains("sketch: note: tiny.safetensors was trained on aaron_sheep, not on kanji.rdp100"), "\(foreign.stderr)")
    }
}
