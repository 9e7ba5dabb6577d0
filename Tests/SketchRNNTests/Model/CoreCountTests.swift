import Testing
@testable import SketchRNN

/// A training step gives the same bits on one core as on two: the decoder's steps split by units
/// (`StepSplit`, which needs 64 units and 16 rows here) and the encoder's directions side by side,
/// with recurrent dropout, whose masks must not depend on which direction runs first.
@Suite struct CoreCountTests {
    @Test(arguments: [ModelType.vae, .decoder])
    func aTrainingStepGivesTheSameBitsOnOneCoreAndTwo(type: ModelType) throws {
        let config = ModelConfig(type: type, encoderSize: 64, decoderSize: 64, latentSize: 8, mixtures: 3, nmax: 8,
                                 recurrentDropoutKeep: 0.8)
        var rng = SeededGenerator(seed: 31)
        let lengths = (0..<16).map { _ in 3 + Int(rng.next() % 6) }
        let batch = GradientCheck.randomBatch(lengths: lengths, steps: 8, nmax: 8, rng: &rng)
        let parameters = Parameters.initialized(config: config, seed: 32)
        let graph = try SketchRNNTrainingGraph(config: config, maxBatch: 16, maxSteps: 8)
        func step(workers: Int) -> (Losses, [Float]) {
            Parallel.withWorkers(workers) {
                var gradients = Parameters(layout: parameters.layout)
                var stepRNG = SeededGenerator(seed: 33)
                let losses = graph.forwardBackward(parameters: parameters, gradients: &gradients, batch: batch,
                                                   options: TrainingOptions(klWeight: 0.5, recurrentDropout: true),
                                                   rng: &stepRNG)
                return (losses, gradients.values)
            }
        }
        let (one, oneGradient) = step(workers: 1), (two, twoGradient) = step(workers: 2)
        #expect(one.total.bitPattern == two.total.bitPattern && one.kl.bitPattern == two.kl.bitPattern, "\(one) vs \(two)")
        let differing = parameters.layout.entries.filter { e in
            (e.offset..<(e.offset + e.count)).contains { oneGradient[$0].bitPattern != twoGradient[$0].bitPattern }
        }
        #expect(differing.isEmpty, "\(differing.map(\.name))")
        #expect(oneGradient.contains { $0 != 0 })
    }
}
