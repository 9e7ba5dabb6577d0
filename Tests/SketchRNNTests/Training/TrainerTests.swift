import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

@Suite struct TrainerTests {
    let train = TrainingFixtures.sketches(count: 40, seed: 1, maxLength: 16)
    let valid = TrainingFixtures.sketches(count: 10, seed: 2, maxLength: 16)

    @Test(arguments: [PenLossMode.full, .masked])
    func resumingHalfwayGivesTheSameWeightsAsTrainingStraight(penLoss: PenLossMode) throws {
        let straightFolder = try TrainingFixtures.folder()
        let straight = try Trainer(state: TrainingFixtures.state(penLoss: penLoss), outputFolder: straightFolder, name: "t",
                                   resuming: false, train: train, validation: valid)
        try straight.run(steps: 10)

        let splitFolder = try TrainingFixtures.folder()
        let first = try Trainer(state: TrainingFixtures.state(penLoss: penLoss), outputFolder: splitFolder, name: "t",
                                resuming: false, train: train, validation: valid)
        try first.run(steps: 5)
        let saved = try TrainingState.read(from: first.stateURL)
        #expect(saved.step == 5)
        let second = try Trainer(state: saved, outputFolder: splitFolder, name: "t", resuming: true, train: train, validation: valid)
        try second.run(steps: 10)

        // Bit-identical: the same weights, moments, generators and best step.
        #expect(second.state.parameters.values == straight.state.parameters.values)
        #expect(second.state.optimizer == straight.state.optimizer)
        #expect(second.state.noiseGenerator == straight.state.noiseGenerator)
        #expect(second.state.batcher == straight.state.batcher)
        #expect(second.state.bestStep == straight.state.bestStep)
        // The resumed log reads as one run, with the stopped run's final validation at step 5.
        let records = try String(contentsOf: second.logURL, encoding: .utf8).split(separator: "\n")
            .compactMap { TrainingLogRecord(jsonLine: String($0)) }
        #expect(records.map(\.step) == [2, 4, 5, 6, 8, 10])
        #expect(records.filter { $0.validation != nil }.map(\.step) == [4, 5, 8, 10])
    }

    /// `sketch` with every offset NaN, as a damaged data set could hold.
    static func poisoned(_ sketch: Sketch) -> Sketch {
        Sketch(points: sketch.points.map { StrokePoint(dx: .nan, dy: $0.dy, penLifted: $0.penLifted) })
    }

    @Test func aNonFiniteBatchIsSkippedAndTrainingGoesOn() throws {
        let folder = try TrainingFixtures.folder()
        // Two sketches of 40 are damaged: the batches that draw one are skipped, the others train.
        var train = self.train
        for i in [7, 30] { train[i] = Self.poisoned(train[i]) }
        let trainer = try Trainer(state: TrainingFixtures.state(), outputFolder: folder, name: "t", resuming: false,
                                  train: train, validation: valid)
        var skipped: [Int] = []
        trainer.onEvent = { if case .skipped(let step, _, _) = $0 { skipped.append(step) } }
        let before = trainer.state.parameters.values
        try trainer.run(steps: 10)
        #expect(!skipped.isEmpty && skipped.count < 10, "\(skipped)")
        #expect(trainer.state.optimizer.updates == 10 - skipped.count)
        #expect(trainer.state.parameters.firstNonFiniteTensor == nil)
        #expect(trainer.state.parameters.values != before)
    }

    @Test func nonFiniteStepsInARowStopTrainingAndLeaveTheLastCheckpoint() throws {
        let folder = try TrainingFixtures.folder()
        let first = try Trainer(state: TrainingFixtures.state(), outputFolder: folder, name: "t", resuming: false,
                                train: train, validation: valid)
        try first.run(steps: 4)
        // Resumed on the same sketches, every one damaged: steps 5-9 are skipped, and the fifth stops the run.
        let trainer = try Trainer(state: first.state, outputFolder: folder, name: "t", resuming: true,
                                  train: train.map(Self.poisoned), validation: valid)
        #expect {
            try trainer.run(steps: 20)
        } throws: { error in
            guard case TrainingError.nonFinite(let step, let n, let checkpoint) = error else { return false }
            return step == 9 && n == 5 && checkpoint == trainer.stateURL.path
                && String(describing: error).contains("is intact")
        }
        // The checkpoint the first run ended with (step 4) is the last: steps 5-9 wrote none.
        let saved = try TrainingState.read(from: trainer.stateURL)
        #expect(saved.step == 4)
        #expect(saved.optimizer.updates == 4)
        #expect(saved.parameters.firstNonFiniteTensor == nil)
    }

    @Test func validationKeepsTheBestWeightsAsAModelFile() throws {
        let folder = try TrainingFixtures.folder()
        let trainer = try Trainer(state: TrainingFixtures.state(type: .decoder), outputFolder: folder, name: "tiny", resuming: false,
                                  train: train, validation: valid)
        try trainer.run(steps: 8)
        let best = try ModelFile.load(trainer.bestURL)
        let bestStep = try #require(trainer.state.bestStep)
        #expect(best.info.trainingStep == bestStep)
        #expect(best.info.name == "tiny")
        #expect(best.info.losses["valid"] == Double(trainer.state.bestValidation!.total))
        // Evaluating the saved weights again gives the recorded validation figure.
        let again = try Evaluator(config: best.config, batchSize: 6)
            .evaluate(parameters: best.parameters, sketches: valid, klWeight: 0.5)
        #expect(again.total == trainer.state.bestValidation!.total)
        #expect(FileManager.default.fileExists(atPath: trainer.lossCurveURL.path))
    }
}
