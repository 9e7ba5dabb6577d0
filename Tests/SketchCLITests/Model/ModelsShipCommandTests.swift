import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// `sketch models ship` and `sketch models show` as a user runs them, on a small made-up model
/// evaluated on aaron_sheep's test split (or its stand-in, `FixtureData`).
struct ModelsShipCommandTests {
    static let ready = SketchExecutable.url != nil

    /// A run folder as `sketch train` leaves it: best.safetensors and log.jsonl.
    static func run(in folder: TemporaryFolder) throws -> URL {
        let best = folder.file("best.safetensors")
        try TinyModels.sheepDecoder(name: "run", nmax: 250, seed: 2, trainingStep: 20).save(to: best)
        let log = [10, 20, 25].map {
            TrainingLogRecord(step: $0, training: Losses(total: 2, reconstruction: 2, kl: 0), learningRate: 1e-3, klWeight: 0, elapsedSeconds: Double($0) * 4).jsonLine
        }
        try (log.joined(separator: "\n") + "\n").write(to: folder.file("log.jsonl"), atomically: true, encoding: .utf8)
        return best
    }

    @Test(.enabled(if: ready, "the sketch executable is not built"))
    func shipsIntoTheGivenFolderAndShowsTheRecord() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let best = try Self.run(in: folder)
        let sheep = FixtureData.url("aaron_sheep.npz").path
        let testCount = try SketchFile.read(contentsOf: URL(fileURLWithPath: sheep)).test.filter { !$0.isEmpty && $0.count <= 250 }.count
        let r = try SketchExecutable.run(["models", "ship", best.path, "--name", "tiny", "--data", sheep, "--to", folder.file("ck").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("test split: \(testCount) sketches") && r.stdout.contains("stored as float16"), "\(r.stdout)")
        let shipped = folder.file("ck/tiny.safetensors")
        let eval = try SketchExecutable.run(["eval", "--model", shipped.path, "--data", sheep])
        let figure = try #require(ModelFile.load(shipped).info.losses["test_reconstruction"])
        #expect(eval.stdout.contains(String(format: "%.4f", figure)), "\(eval.stdout)")

        let show = try SketchExecutable.run(["models", "show", shipped.path])
        #expect(show.status == 0, "\(show.stderr)")
        for line in ["steps: 20 (best validation) of 25 trained", "wall time of the run: 100 s", "licence: aaron_sheep: CC BY-NC 4.0",
                     "model: decoder-only: LSTM 8", "float16 check: "] {
            #expect(show.stdout.contains(line), "\(line) not in \(show.stdout)")
        }
    }

    @Test(.enabled(if: ready, "the sketch executable is not built"))
    func otherDataOrABadNameIsRefusedAndNothingIsWritten() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let best = try Self.run(in: folder)
        let kanji = FixtureData.url("kanji.rdp100.npz").path
        let r = try SketchExecutable.run(["models", "ship", best.path, "--name", "tiny", "--data", kanji, "--to", folder.file("ck").path])
        #expect(r.status == 1 && r.stderr.contains("evaluate it on its own data"), "\(r.stderr)")
        let bad = try SketchExecutable.run(["models", "ship", best.path, "--name", "../x", "--data", kanji, "--to", folder.file("ck").path])
        #expect(bad.status == 64, "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("ck").path))
    }
}
