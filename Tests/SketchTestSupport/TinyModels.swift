import Foundation
import SketchRNN

/// Small made-up models that tests of the library and of the command both use.
package enum TinyModels {
    /// A decoder (or VAE) of 24 units whose pen bias keeps sketches going for a while.
    package static func sampling(_ type: ModelType, nmax: Int = 40, endBias: Float = -3) -> ModelFile {
        var config = ModelConfig(type: type, cell: .lstm, decoderSize: 24, mixtures: 4, nmax: nmax)
        if type == .vae {
            config.encoderSize = 8
            config.latentSize = 6
        }
        var parameters = Parameters.initialized(config: config, seed: 4)
        // A pen bias that keeps sketches going for a while.
        try? parameters.set("output.bias", Tensor(shape: [config.outputSize], data: (0..<config.outputSize).map { $0 == 0 ? 3 : ($0 == 2 ? endBias : 0) }))
        return ModelFile(config: config, parameters: parameters, info: ModelInfo(name: "tiny", scaleFactor: 30))
    }

    /// An 8-unit model with weights beyond sketch-rnn-js's range, to be clipped on export.
    package static func exported(type: ModelType, firstInput: FirstInput = .penDown) -> ModelFile {
        var config = ModelConfig(type: type, decoderSize: 8, mixtures: 20, nmax: 30, firstInput: firstInput)
        if type == .vae {
            config.encoderSize = 6
            config.latentSize = 4
        }
        var parameters = Parameters.initialized(config: config, seed: 3)
        // Some values beyond the format's range, to be clipped.
        parameters.values[0] = 12.5
        parameters.values[1] = -40
        return ModelFile(config: config, parameters: parameters,
                         info: ModelInfo(name: "tiny", scaleFactor: 42.5, dataSets: ["a.npz"], trainingStep: 77, losses: ["test": -0.25]))
    }

    /// An 8-unit decoder-only model of 3 mixtures that says it was trained on aaron_sheep.
    package static func sheepDecoder(name: String, nmax: Int, seed: UInt64, trainingStep: Int) -> ModelFile {
        let config = ModelConfig(type: .decoder, decoderSize: 8, mixtures: 3, nmax: nmax)
        return ModelFile(config: config, parameters: .initialized(config: config, seed: seed),
                         info: ModelInfo(name: name, scaleFactor: 18.5, dataSets: ["aaron_sheep"], trainingStep: trainingStep))
    }
}
