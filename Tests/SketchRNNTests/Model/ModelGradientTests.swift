import Testing
@testable import SketchRNN

/// The whole model's hand-written gradient against central finite differences, tensor by tensor.
@Suite struct ModelGradientTests {
    static func smallConfig(_ type: ModelType, cell: CellType = .lstm) -> ModelConfig {
        ModelConfig(type: type, cell: cell, encoderSize: 5, decoderSize: 6, latentSize: 3, mixtures: 2,
                    hyperSize: 4, hyperEmbedding: 3, nmax: 8, recurrentDropoutKeep: 0.8)
    }

    /// Checks a few entries of every tensor; returns the mismatches.
    static func checkModel(
        config: ModelConfig, options: TrainingOptions, lengths: [Int] = [5, 2, 7], steps: Int = 7, seed: UInt64 = 21,
        perTensor: Int = 4
    ) throws -> [GradientCheck.Mismatch] {
        var rng = SeededGenerator(seed: seed)
        let batch = GradientCheck.randomBatch(lengths: lengths, steps: steps, nmax: 8, rng: &rng)
        var parameters = Parameters.initialized(config: config, seed: seed)
        // Larger than TF's 0.001 heads, so that z, the initial state and the KL term matter.
        for i in parameters.values.indices { parameters.values[i] += 0.3 * rng.nextGaussian() }
        let graph = try SketchRNNTrainingGraph(config: config, maxBatch: lengths.count, maxSteps: steps)
        var gradients = Parameters(layout: parameters.layout)
        var stepRNG = SeededGenerator(seed: 99)
        _ = graph.forwardBackward(parameters: parameters, gradients: &gradients, batch: batch, options: options, rng: &stepRNG)
        var values = parameters.values
        var bad: [GradientCheck.Mismatch] = []
        for e in parameters.layout.entries {
            let indices = GradientCheck.sample(e.count, perTensor, rng: &rng).map { $0 + e.offset }
            bad += GradientCheck.check(e.name, values: &values, indices: indices, analytic: gradients.values) { v in
                var p = parameters
                p.values = v
                var g = Parameters(layout: p.layout)
                var r = SeededGenerator(seed: 99)
                return Double(graph.forwardBackward(parameters: p, gradients: &g, batch: batch, options: options, rng: &r).total)
            }
        }
        return bad
    }

    @Test(arguments: [PenLossRows.allSteps, .throughFirstEnd])
    func decoderOnlyGradient(penRows: PenLossRows) throws {
        let bad = try Self.checkModel(config: Self.smallConfig(.decoder),
                                      options: TrainingOptions(penRows: penRows, recurrentDropout: true))
        #expect(bad.isEmpty, "\(bad)")
    }

    /// KL above its floor (gradient flows) and below it (no KL gradient), with and without dropout.
    @Test(arguments: [(Float(0), true), (Float(50), false)])
    func vaeGradient(klMin: Float, dropout: Bool) throws {
        let options = TrainingOptions(klWeight: 0.7, klMin: klMin, penRows: .allSteps, recurrentDropout: dropout)
        let bad = try Self.checkModel(config: Self.smallConfig(.vae), options: options)
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test(arguments: [ModelType.decoder, .vae], [CellType.layerNorm, .hyper])
    func normalisedCellsGradient(type: ModelType, cell: CellType) throws {
        let bad = try Self.checkModel(config: Self.smallConfig(type, cell: cell),
                                      options: TrainingOptions(klWeight: 0.5, klMin: 0, penRows: .allSteps))
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func vaeGradientWithSquashedLatentAndMaskedPen() throws {
        var config = Self.smallConfig(.vae)
        config.latentThroughTanh = true
        let bad = try Self.checkModel(config: config, options: TrainingOptions(klWeight: 0.5, klMin: 0, penRows: .throughFirstEnd))
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func klTermIsFlooredAndReportedRaw() throws {
        let config = Self.smallConfig(.vae)
        var rng = SeededGenerator(seed: 3)
        let batch = GradientCheck.randomBatch(lengths: [3, 4], steps: 4, rng: &rng)
        let p = Parameters.initialized(config: config, seed: 3)
        let graph = try SketchRNNTrainingGraph(config: config, maxBatch: 2, maxSteps: 4)
        var g = Parameters(layout: p.layout)
        var r1 = SeededGenerator(seed: 1)
        let floored = graph.forwardBackward(parameters: p, gradients: &g, batch: batch,
                                            options: TrainingOptions(klWeight: 0.5, klMin: 0.2), rng: &r1)
        // TF's tiny heads give mu ≈ 0, presig ≈ 0: the raw KL is about 0, below the floor.
        #expect(floored.kl >= 0 && floored.kl < 1e-3)
        #expect(abs(floored.total - (floored.reconstruction + 0.5 * 0.2)) < 1e-5)
        #expect(abs(floored.reconstruction - (floored.offset + floored.pen)) < 1e-6)
    }
}
