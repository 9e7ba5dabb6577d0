import Foundation
import Testing
@testable import SketchRNN

/// Training that meets diverging weights, a full disk or a killed predecessor's leftovers (issue 16):
/// it stops with a clear error, and the last checkpoint it calls good loads and resumes.
@Suite struct TrainerFailureTests {
    let train = TrainingFixtures.sketches(count: 40, seed: 1, maxLength: 16)
    let valid = TrainingFixtures.sketches(count: 10, seed: 2, maxLength: 16)

    /// With --checkpoint-every 1 and a huge learning rate, weights of ~1e10 were checkpointed as
    /// good, and resuming from them failed at once.
    @Test func divergedWeightsStopTheRunBeforeTheyAreCheckpointed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var state = TrainingFixtures.state(type: .decoder)
        state.training.checkpointEvery = 1
        let first = try Trainer(state: state, outputFolder: folder.url, name: "t", resuming: false, train: train, validation: valid)
        try first.run(steps: 3)
        var saved = try TrainingState.read(from: first.stateURL)
        saved.training.learningRate = LearningRateSchedule(initial: 1e6, minimum: 1e6, decayRate: 1)
        let second = try Trainer(state: saved, outputFolder: folder.url, name: "t", resuming: true, train: train, validation: valid)
        do {
            try second.run(steps: 6)
            Issue.record("a learning rate of 1e6 trained on")
        } catch let error as TrainingError {
            guard case .diverged(let step, _, let checkpoint) = error else { Issue.record("\(error)"); return }
            #expect(step == 4 && checkpoint == first.stateURL.path)
            #expect(error.description.contains("beyond ±10000") && error.description.contains("is intact"), "\(error)")
        }
        #expect(try TrainingState.read(from: first.stateURL).step == 3)
    }

    @Test func aRunRemovesTheTemporaryFilesAKilledRunLeft() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let stale = ["state.safetensors", "best.safetensors", "log.jsonl"].map { AtomicFile.temporaryURL(for: folder.file($0)) }
        let unrelated = folder.file("notes.txt")
        for file in stale + [unrelated] { try Data("x".utf8).write(to: file) }
        _ = try Trainer(state: TrainingFixtures.state(), outputFolder: folder.url, name: "t", resuming: false, train: train, validation: valid)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(!left.contains { $0.hasSuffix(".partial") } && left.contains("notes.txt"), "\(left)")
    }

    @Test func anOutputFolderThatIsAFileIsSaidInWords() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.file("run")
        try Data("x".utf8).write(to: file)
        #expect(throws: AtomicFile.WriteError(path: file.path, reason: "it is a file, not a folder (the run's files go in a folder)")) {
            _ = try Trainer(state: TrainingFixtures.state(), outputFolder: file, name: "t", resuming: false, train: train, validation: valid)
        }
    }

    static var prlimit: String? { ["/usr/bin/prlimit", "/bin/prlimit"].first { FileManager.default.isExecutableFile(atPath: $0) } }

    /// A disk that filled while log.jsonl was appended crashed training (`try!` in FileHandle.write)
    /// and tore the log's last line. A file-size limit (`prlimit --fsize`, SIGXFSZ ignored) makes
    /// writes fail the way a full disk does: the run must stop with a message, its checkpoint whole.
    @Test(.enabled(if: DataCommandTests.executable != nil && prlimit != nil, "needs the sketch executable and prlimit"))
    func aFullDiskStopsTrainingCleanlyWithTheCheckpointIntact() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = folder.file("walks.npz")
        let walks = TrainingFixtures.sketches(count: 60, seed: 3, maxLength: 16).map { s in
            Sketch(points: s.points.map { StrokePoint(dx: ($0.dx * 20).rounded(), dy: ($0.dy * 20).rounded(), penLifted: $0.penLifted) })
        }
        try SketchFile(train: walks, valid: Array(walks.prefix(10)), test: Array(walks.prefix(5))).write(to: data)
        let out = folder.file("run")
        let sketch = try #require(DataCommandTests.executable).path, limit = try #require(Self.prlimit)
        let command = "exec '\(limit)' --fsize=40000 '\(sketch)' train --data '\(data.path)' --type decoder "
            + "--dec 16 --mixtures 3 --batch 4 --steps 2000 --checkpoint-every 1 --log-every 1 --eval-every 50 --out '\(out.path)'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.hasPrefix("sketch: error: training stopped at step "), "\(stderr)")
        #expect(stderr.contains("File too large") && stderr.contains("is intact. Free some space and resume the run. (Add --resume to the same command.)"), "\(stderr)")
        let state = try TrainingState.read(from: out.appendingPathComponent("state.safetensors"))
        #expect(state.step > 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!files.contains { $0.hasSuffix(".partial") }, "\(files)")
        let lines = try String(contentsOf: out.appendingPathComponent("log.jsonl"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "" && lines.dropLast().allSatisfy { TrainingLogRecord(jsonLine: String($0)) != nil })
    }
}
