import SketchTestSupport
import Testing
@testable import SketchRNN

/// A training step with the recurrent products in bf16 (`--precision bf16`) against the same step in
/// fp32: the same losses within 0.1 % and each weight tensor's gradient within 2 % (relative L2
/// distance). bf16 rounds the factors of `h W_hh` and `dA W_hhᵀ` by up to 2⁻⁸ each, and the errors
/// average out over the products' sums and the batch: measured 0.001 % on the losses and at most 0.3 %
/// on a gradient (`W_hh`'s) on an Intel Xeon with AVX512-BF16. The plain LSTM decoder, the VAE (whose
/// encoder runs bf16 too) and the LayerNorm decoder, at 64 units, so the steps split over the cores as
/// in real training; with a broken kernel (a wrong pair, panel or padding) the gradients differ by far more.
@Suite struct BF16TrainingStepTests {
    @Test(.enabled(if: BF16ProductTests.available, BF16ProductTests.skip),
          arguments: [(ModelType.vae, CellType.lstm), (.decoder, .lstm), (.decoder, .layerNorm)])
    func aBF16StepMatchesTheFP32Step(type: ModelType, cell: CellType) throws {
        let config = ModelConfig(type: type, cell: cell, encoderSize: 64, decoderSize: 64, latentSize: 8, mixtures: 3, nmax: 24)
        var rng = SeededGenerator(seed: 41)
        let lengths = (0..<16).map { _ in 8 + Int(rng.next() % 16) }
        let batch = GradientCheck.randomBatch(lengths: lengths, steps: 24, nmax: 24, rng: &rng)
        let parameters = Parameters.initialized(config: config, seed: 42)
        func step(_ precision: ProductPrecision, workers: Int = 2) throws -> (Losses, Parameters) {
            let graph = try SketchRNNTrainingGraph(config: config, maxBatch: 16, maxSteps: 24, precision: precision)
            return Parallel.withWorkers(workers) {
                var gradients = Parameters(layout: parameters.layout)
                var stepRNG = SeededGenerator(seed: 43)
                let losses = graph.forwardBackward(parameters: parameters, gradients: &gradients, batch: batch,
                                                   options: TrainingOptions(klWeight: 0.5), rng: &stepRNG)
                return (losses, gradients)
            }
        }
        let (fp32, fp32Gradient) = try step(.fp32), (bf16, bf16Gradient) = try step(.bf16)
        #expect(abs(bf16.total - fp32.total) <= 0.001 * abs(fp32.total), "\(bf16) vs \(fp32)")
        #expect(abs(bf16.reconstruction - fp32.reconstruction) <= 0.001 * abs(fp32.reconstruction))
        var worst = (name: "", distance: 0.0)
        for entry in parameters.layout.entries {
            var difference = 0.0, norm = 0.0
            for i in entry.offset..<(entry.offset + entry.count) {
                let g = Double(fp32Gradient.values[i]), h = Double(bf16Gradient.values[i])
                difference += (g - h) * (g - h)
                norm += g * g
            }
            guard norm > 0 else { continue }
            let distance = (difference / norm).squareRoot()
            if distance > worst.distance { worst = (entry.name, distance) }
        }
        #expect(worst.distance <= 0.02, "\(worst.name): relative distance \(worst.distance)")
        #expect(worst.distance > 0, "the bf16 step gave fp32's bits: the bf16 products did not run")
        // bf16 keeps the core-count independence of the fp32 path.
        let (one, oneGradient) = try step(.bf16, workers: 1)
        #expect(one.total.bitPattern == bf16.total.bitPattern && oneGradient.values == bf16Gradient.values)
    }

    /// Checkpoints are fp32 whatever the products ran in, so a run resumes in either precision: five
    /// steps in one and five in the other end within 1 % (relative L2 distance of all weights) of ten
    /// fp32 steps, and not on their bits (the bf16 half really ran bf16).
    @Test(.enabled(if: BF16ProductTests.available, BF16ProductTests.skip))
    func aRunResumesInEitherPrecision() throws {
        let train = TrainingFixtures.sketches(count: 40, seed: 1, maxLength: 16)
        let valid = TrainingFixtures.sketches(count: 10, seed: 2, maxLength: 16)
        let straight = try Trainer(state: TrainingFixtures.state(type: .decoder), outputFolder: try TrainingFixtures.folder(),
                                   name: "t", resuming: false, train: train, validation: valid)
        try straight.run(steps: 10)
        let reference = straight.state.parameters.values
        for (first, second) in [(ProductPrecision.bf16, ProductPrecision.fp32), (.fp32, .bf16)] {
            let folder = try TrainingFixtures.folder()
            let start = try Trainer(state: TrainingFixtures.state(type: .decoder), outputFolder: folder, name: "t",
                                    resuming: false, train: train, validation: valid, precision: first)
            try start.run(steps: 5)
            let saved = try TrainingState.read(from: start.stateURL)
            let resumed = try Trainer(state: saved, outputFolder: folder, name: "t", resuming: true, train: train,
                                      validation: valid, precision: second)
            try resumed.run(steps: 10)
            #expect(resumed.state.step == 10)
            let values = resumed.state.parameters.values
            let distance = zip(values, reference).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }.squareRoot()
            let norm = reference.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(distance <= 0.01 * norm && distance > 0, "\(first) then \(second): \(distance / norm)")
        }
    }
}
