import Foundation
import SketchRNN

/// Small made-up sketches: random walks of a few strokes, in model units.
package enum TrainingFixtures {
    package static func sketches(count: Int, seed: UInt64, maxLength: Int) -> [Sketch] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let n = 4 + Int(rng.next() % UInt64(maxLength - 3))
            return Sketch(points: (0..<n).map { i in
                StrokePoint(dx: rng.nextGaussian(), dy: rng.nextGaussian(), penLifted: i == n - 1 || rng.nextUniform() < 0.15)
            })
        }
    }

    package static func folder() throws -> URL { try TemporaryFolder().url }

    package static func state(type: ModelType = .vae, penLoss: PenLossMode = .full, seed: UInt64 = 5) -> TrainingState {
        let config = ModelConfig(type: type, encoderSize: 8, decoderSize: 12, latentSize: 4, mixtures: 3, nmax: 16)
        var training = TrainingConfig()
        training.batchSize = 6
        training.seed = seed
        training.penLoss = penLoss
        training.evalEvery = 4
        training.checkpointEvery = 3
        training.logEvery = 2
        return TrainingState(config: config, training: training, scaleFactor: 1, dataSets: ["made-up"],
                             parameters: .initialized(config: config, seed: seed))
    }
}
