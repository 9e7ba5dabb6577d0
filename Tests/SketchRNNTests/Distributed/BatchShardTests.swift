import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// Data-parallel training without MPI: two ranks as two threads (`InProcessRank`), each computing
/// its half of every batch, against one process computing the whole batch. The mpirun runs
/// (`SketchCLITests`) check the same through the command; this runs in every `swift test`.
@Suite struct BatchShardTests {
    let train = TrainingFixtures.sketches(count: 40, seed: 1, maxLength: 16)
    let valid = TrainingFixtures.sketches(count: 10, seed: 2, maxLength: 16)

    /// The state of a small run of 6-sketch batches, its gradient unclipped so that it can be compared.
    func state(_ type: ModelType, _ penLoss: PenLossMode) -> TrainingState {
        var state = TrainingFixtures.state(type: type, penLoss: penLoss)
        state.training.gradientClip = 0
        return state
    }

    /// One step's losses and summed gradient on `ranks` ranks, each with its rows of the same batch.
    func step(_ state: TrainingState, ranks: Int) throws -> [(losses: Losses, gradient: [Float])] {
        let global = state.training.batchSize, share = global / ranks
        let train = self.train
        let results = InProcessRank.run(ranks: ranks) { communicator -> Result<(Losses, [Float]), Error> in
            Result {
                var state = state
                var training = state.training
                training.batchSize = share
                var stepper = try TrainingStepper(config: state.config, training: training)
                var batcher = try Batcher(sketches: train, nmax: state.config.nmax,
                                          options: state.training.batcherOptions(startToken: state.config.firstInput),
                                          seed: state.batcherSeed)
                let first = communicator.rank * share
                let batch = batcher.trainingBatch(rows: first ..< first + share)
                let shard = BatchShard(firstRow: first, globalRows: global, communicator: communicator)
                guard case .updated(let report) = stepper.step(state: &state, batch: batch, shard: shard) else {
                    throw TrainingError.badOptions("the step was not taken")
                }
                return (report.losses, stepper.gradients.values)
            }
        }
        return try results.map { try $0.get() }
    }

    static func close(_ a: [Float], _ b: [Float], tolerance: Float = 2e-5) -> Bool {
        let scale = max(b.map(abs).max() ?? 0, 1e-6)
        return a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * scale }
    }

    @Test(arguments: [(ModelType.vae, PenLossMode.full), (.vae, .masked), (.decoder, .full), (.decoder, .masked)])
    func twoRanksShardedGradientsSumToTheOneRankGradient(type: ModelType, penLoss: PenLossMode) throws {
        let state = state(type, penLoss)
        let one = try #require(try step(state, ranks: 1).first)
        let two = try step(state, ranks: 2)
        // After the sum every rank holds the whole batch's gradient and the whole batch's losses.
        #expect(two[0].gradient == two[1].gradient)
        #expect(two[0].losses == two[1].losses)
        #expect(Self.close(two[0].gradient, one.gradient), "the two ranks' gradient differs from one process's")
        #expect(one.gradient.contains { $0 != 0 })
        #expect(abs(two[0].losses.total - one.losses.total) <= 1e-5 * abs(one.losses.total))
        #expect(abs(two[0].losses.kl - one.losses.kl) <= 1e-5 * max(abs(one.losses.kl), 1e-3))
        #expect(two[0].losses.sketches == one.losses.sketches)
    }

    @Test(arguments: [ModelType.vae, .decoder])
    func twoRanksTrainAsOneProcess(type: ModelType) throws {
        let steps = 4
        func run(ranks: Int) throws -> [TrainingState] {
            let train = self.train, valid = self.valid
            let state = state(type, .masked)
            let results = InProcessRank.run(ranks: ranks) { communicator -> Result<TrainingState, Error> in
                Result {
                    let folder = try TemporaryFolder()
                    defer { folder.remove() }
                    let trainer = try Trainer(state: state, outputFolder: folder.url, name: "t", resuming: false,
                                              train: train, validation: valid, communicator: communicator)
                    try trainer.run(steps: steps)
                    return trainer.state
                }
            }
            return try results.map { try $0.get() }
        }
        let one = try #require(try run(ranks: 1).first)
        let two = try run(ranks: 2)
        #expect(two[0].step == steps && two[1].step == steps)
        #expect(two[0].parameters.values == two[1].parameters.values, "the ranks' weights drifted apart")
        #expect(Self.close(two[0].parameters.values, one.parameters.values, tolerance: 1e-4))
        #expect(two[0].parameters.values != state(type, .masked).parameters.values)
        #expect(two[0].batcher == one.batcher)
    }
}
