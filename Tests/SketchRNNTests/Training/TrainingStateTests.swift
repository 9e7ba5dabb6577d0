import Foundation
import Testing
@testable import SketchRNN

@Suite struct TrainingStateTests {
    private func temporaryFile(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }

    @Test func aStateRoundTripsBitForBit() throws {
        let config = ModelConfig(type: .vae, encoderSize: 8, decoderSize: 16, latentSize: 4, nmax: 20)
        var options = TrainingConfig()
        options.seed = 7
        options.penLoss = .masked
        var state = TrainingState(config: config, training: options, scaleFactor: 12.5, dataSets: ["a", "b"],
                                  parameters: .initialized(config: config, seed: 3))
        var rng = SeededGenerator(seed: 9)
        for i in 0..<state.parameters.count {
            state.optimizer.firstMoment[i] = rng.nextGaussian()
            state.optimizer.secondMoment[i] = rng.nextUniform() * 1e-3
        }
        state.optimizer.updates = 41
        state.step = 42
        state.batcher = BatcherState(generator: SeededGenerator(seed: 4), epochSeed: 5, cursor: 6, epoch: 7)
        _ = state.noiseGenerator.nextGaussian()
        state.bestValidation = Losses(total: 0.3, reconstruction: 0.1, offset: -0.2, pen: 0.3, kl: 0.4, sketches: 30)
        state.bestStep = 40
        state.elapsedSeconds = 12.25
        let url = try temporaryFile("state.safetensors")
        try state.write(to: url, name: "test")
        let back = try TrainingState.read(from: url)
        #expect(back == state)
    }

    @Test func aModelThatIsNotAStateIsRefusedClearly() throws {
        let url = try temporaryFile("weights.safetensors")
        let config = ModelConfig(type: .decoder, decoderSize: 8, nmax: 10)
        try ModelFile(config: config, parameters: .initialized(config: config, seed: 1), info: ModelInfo(name: "m", scaleFactor: 1)).save(to: url)
        #expect {
            try TrainingState.read(from: url)
        } throws: { error in
            String(describing: error).contains("not a training state")
        }
    }

    @Test func damagedOptimiserMomentsAreRefused() throws {
        let config = ModelConfig(type: .decoder, decoderSize: 8, nmax: 10)
        for (moment, value) in [(0, Float.nan), (1, -1), (1, .infinity)] {
            var state = TrainingState(config: config, training: TrainingConfig(), scaleFactor: 2, dataSets: ["a"],
                                      parameters: .initialized(config: config, seed: 1))
            if moment == 0 { state.optimizer.firstMoment[3] = value } else { state.optimizer.secondMoment[3] = value }
            let url = try temporaryFile("state.safetensors")
            try state.write(to: url, name: "t")
            #expect {
                try TrainingState.read(from: url)
            } throws: { error in
                String(describing: error).contains("Adam's moments hold NaN, infinite or negative values")
            }
        }
    }
}
