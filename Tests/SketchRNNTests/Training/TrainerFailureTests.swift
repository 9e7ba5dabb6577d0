import Foundation
import SketchTestSupport
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
}
