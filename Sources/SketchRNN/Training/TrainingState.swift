import Foundation

/// Everything `--resume` needs to continue a run exactly where it stopped: the model, the weights,
/// Adam's moments, the step, every random generator's state and the best validation so far.
///
/// Saved as `state.safetensors`, a model file (`ModelFile`, so every command also loads it as a
/// model) whose extra tensors are Adam's moments and whose metadata carries the rest as JSON.
package struct TrainingState: Equatable, Sendable {
    /// Metadata key marking a training state, with its format version.
    package static let marker = "training_state"
    package static let formatVersion = 1
    /// Metadata key of `startedFrom`, kept by `sketch models ship`.
    package static let startedFromKey = "started_from"

    package var config: ModelConfig
    package var training: TrainingConfig
    /// Data pixels per model unit, from the training split.
    package var scaleFactor: Float
    /// Names of the data sets trained on.
    package var dataSets: [String]
    package var parameters: Parameters
    package var optimizer: AdamOptimizer
    /// Steps taken (each consumed one batch, whether its update was applied or skipped).
    package var step: Int
    /// The training batcher's state (sketch choice, augmentation, bucket plan); nil before the first step.
    package var batcher: BatcherState?
    /// Keys recurrent dropout masks and the VAE's eps: step s draws from `stepNoise`, a key of
    /// (this, s), and this generator itself never advances, so a step's noise depends on the seed
    /// and the step alone (not on earlier steps, nor on how many ranks share the batch).
    package var noiseGenerator: SeededGenerator
    package var bestValidation: Losses?
    package var bestStep: Int?
    /// Wall-clock seconds spent training, over all runs.
    package var elapsedSeconds: Double
    /// The model whose weights a `--init` run started from, with its own steps and wall time: the
    /// step and seconds above count this run alone, so a shipped model says what came before.
    package var startedFrom: String?

    package init(config: ModelConfig, training: TrainingConfig, scaleFactor: Float, dataSets: [String], parameters: Parameters) {
        self.config = config
        self.training = training
        self.scaleFactor = scaleFactor
        self.dataSets = dataSets
        self.parameters = parameters
        self.optimizer = AdamOptimizer(parameterCount: parameters.count)
        self.step = 0
        self.batcher = nil
        // A stream of its own, apart from the batcher's (seeded from the same seed).
        self.noiseGenerator = SeededGenerator(seed: training.seed &* 0xD1B5_4A32_D192_ED03 &+ 2)
        self.bestValidation = nil
        self.bestStep = nil
        self.elapsedSeconds = 0
        self.startedFrom = nil
    }

    /// The generator of step `step`'s noise (see `noiseGenerator`).
    package var stepNoise: SeededGenerator {
        var run = noiseGenerator
        return NoiseKey(run.next()).child(step).generator()
    }

    /// The seed of the training batcher.
    package var batcherSeed: UInt64 { training.seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    /// The present weights as a model file, with the figures known so far.
    package func modelFile(name: String, notes: [String: String] = [:]) -> ModelFile {
        var losses: [String: Double] = [:]
        if let v = bestValidation {
            losses["valid"] = Double(v.total)
            losses["valid_reconstruction"] = Double(v.reconstruction)
            losses["valid_kl"] = Double(v.kl)
        }
        var allNotes = notes
        allNotes["training_seconds"] = String(format: "%.0f", elapsedSeconds)
        allNotes["pen_loss"] = training.penLoss.rawValue
        if let startedFrom { allNotes[Self.startedFromKey] = startedFrom }
        let info = ModelInfo(name: name, scaleFactor: scaleFactor, dataSets: dataSets, trainingStep: step, losses: losses, notes: allNotes)
        return ModelFile(config: config, parameters: parameters, info: info)
    }

    // MARK: File

    package func write(to url: URL, name: String) throws {
        var file = modelFile(name: name)
        file.extraTensors["adam.m"] = Tensor(shape: [optimizer.firstMoment.count], data: optimizer.firstMoment)
        file.extraTensors["adam.v"] = Tensor(shape: [optimizer.secondMoment.count], data: optimizer.secondMoment)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        var notes = file.info.notes
        notes[Self.marker] = "\(Self.formatVersion)"
        notes["training"] = try json(training)
        notes["adam"] = try json(AdamHeader(beta1: optimizer.beta1, beta2: optimizer.beta2, epsilon: optimizer.epsilon, updates: optimizer.updates))
        notes["rng_noise"] = try json(noiseGenerator.state)
        if let batcher { notes["batcher"] = try json(batcher) }
        notes["elapsed_s"] = "\(elapsedSeconds)"
        if let best = bestValidation, let bestStep {
            notes["best_validation"] = try json(best)
            notes["best_step"] = "\(bestStep)"
        }
        file.info.notes = notes
        try file.save(to: url)
    }

    package static func read(from url: URL) throws -> TrainingState {
        try read(ModelFile.load(url), name: url.path)
    }

    /// The training state a model file holds (`name` is used in errors): a distributed run's ranks
    /// decode the bytes rank 0 read.
    package static func read(_ file: ModelFile, name: String) throws -> TrainingState {
        func fail(_ problem: String) -> TrainingStateError { TrainingStateError(file: name, problem: problem) }
        let notes = file.info.notes
        guard let version = notes[marker].flatMap({ Int($0) }) else {
            throw fail("it is a model but not a training state (no \(marker) in its metadata); resuming needs the state.safetensors of a run")
        }
        guard version <= formatVersion else { throw fail("training state version \(version) is newer than this program reads") }
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
            guard let text = notes[key] else { throw fail("the metadata lacks \"\(key)\"") }
            do { return try decoder.decode(type, from: Data(text.utf8)) } catch {
                throw fail("the metadata's \"\(key)\" does not parse: \(error)")
            }
        }
        func number<T: LosslessStringConvertible>(_ key: String) throws -> T {
            guard let text = notes[key], let v = T(text) else { throw fail("the metadata's \"\(key)\" is missing or not a number") }
            return v
        }
        var state = TrainingState(config: file.config, training: try decode(TrainingConfig.self, "training"),
                                  scaleFactor: file.info.scaleFactor, dataSets: file.info.dataSets, parameters: file.parameters)
        let n = state.parameters.count
        guard let m = file.extraTensors["adam.m"], let v = file.extraTensors["adam.v"], m.count == n, v.count == n else {
            throw fail("Adam's moments are missing or not of the model's \(n) parameters")
        }
        guard m.data.allSatisfy(\.isFinite), v.data.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw fail("Adam's moments hold NaN, infinite or negative values (the file is damaged)")
        }
        let adam = try decode(AdamHeader.self, "adam")
        state.optimizer = AdamOptimizer(parameterCount: n, beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon)
        state.optimizer.firstMoment = m.data
        state.optimizer.secondMoment = v.data
        state.optimizer.updates = adam.updates
        state.step = file.info.trainingStep
        let noise = try decode([UInt64].self, "rng_noise")
        guard noise.count == 4, noise.contains(where: { $0 != 0 }) else { throw fail("the noise generator's state is not four non-zero words") }
        state.noiseGenerator = SeededGenerator(state: noise)
        if notes["batcher"] != nil { state.batcher = try decode(BatcherState.self, "batcher") }
        state.elapsedSeconds = try number("elapsed_s")
        state.startedFrom = notes[startedFromKey]
        if notes["best_validation"] != nil {
            state.bestValidation = try decode(Losses.self, "best_validation")
            state.bestStep = try number("best_step")
        }
        return state
    }

    private struct AdamHeader: Codable {
        var beta1: Float
        var beta2: Float
        var epsilon: Float
        var updates: Int
    }
}

package struct TrainingStateError: Error, CustomStringConvertible, LocalizedError {
    package var file: String
    package var problem: String
    package var description: String { "\(file): cannot resume from it: \(problem)" }
    package var errorDescription: String? { description }
}
