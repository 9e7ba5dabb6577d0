import Testing
@testable import SketchRNN

/// The step-by-step inference path agrees with the training graph's teacher-forced forward pass.
@Suite struct InferenceTests {
    /// Sums the reconstruction loss of a batch from `DecoderStepper`'s outputs, one step at a time.
    static func steppedLosses(stepper: DecoderStepper, batch: StrokeBatch, z: [Float]?) -> (offset: Double, pen: Double) {
        let N = batch.batchSize
        stepper.start(rows: N, latent: z)
        var offset = 0.0, pen = 0.0
        for t in 0..<batch.steps {
            stepper.step(Array(batch.strokes[(t * N * 5)..<((t + 1) * N * 5)]))
            for n in 0..<N {
                let target = Array(batch.strokes[((t + 1) * N + n) * 5..<((t + 1) * N + n + 1) * 5])
                let l = MixtureDensityLoss.row(y: stepper.output(row: n), target: target, layout: stepper.outputLayout,
                                               countOffset: t < batch.lengths[n], countPen: true, weight: 1, dy: nil)
                offset += l.offset
                pen += l.pen
            }
        }
        let scale = 1 / Double(N * batch.nmax)
        return (offset * scale, pen * scale)
    }

    @Test(arguments: [ModelType.decoder, .vae], [CellType.lstm, .layerNorm, .hyper])
    func stepperMatchesTrainingForward(type: ModelType, cell: CellType) throws {
        let config = ModelGradientTests.smallConfig(type, cell: cell)
        var rng = SeededGenerator(seed: 8)
        let batch = GradientCheck.randomBatch(lengths: [4, 6, 1], steps: 6, rng: &rng)
        var p = Parameters.initialized(config: config, seed: 8)
        for i in p.values.indices { p.values[i] += 0.3 * rng.nextGaussian() }
        let graph = try SketchRNNTrainingGraph(config: config, maxBatch: 3, maxSteps: 6)
        var r = SeededGenerator(seed: 1)
        let reference = graph.evaluate(parameters: p, batch: batch, zMean: true, rng: &r)
        var z: [Float]? = nil
        if type == .vae { z = try SketchEncoder(parameters: p, config: config).encode(batch).mu }
        let stepper = try DecoderStepper(parameters: p, config: config, capacity: 4)
        let stepped = Self.steppedLosses(stepper: stepper, batch: batch, z: z)
        #expect(abs(stepped.offset - Double(reference.offset)) < 1e-4 * max(1, abs(stepped.offset)))
        #expect(abs(stepped.pen - Double(reference.pen)) < 1e-4 * max(1, stepped.pen))
    }

    @Test func encoderReadsEachSketchAloneWhateverTheBatch() throws {
        let config = ModelGradientTests.smallConfig(.vae)
        var rng = SeededGenerator(seed: 9)
        let sketches = GradientCheck.randomSketches(lengths: [3, 7], rng: &rng)
        var p = Parameters.initialized(config: config, seed: 9)
        for i in p.values.indices { p.values[i] += 0.3 * rng.nextGaussian() }
        let encoder = try SketchEncoder(parameters: p, config: config)
        let both = encoder.encode(StrokeBatch(sketches: sketches, steps: 7, startToken: .penDown))
        // The first sketch alone: its 3 real points.
        let alone = encoder.encode(sketches: [sketches[0]])
        for k in 0..<config.latentSize {
            #expect(abs(alone.mu[k] - both.mu[k]) < 1e-5)
            #expect(abs(alone.presig[k] - both.presig[k]) < 1e-5)
        }
    }

    @Test func replicatedStreamsContinueIdentically() throws {
        let config = ModelGradientTests.smallConfig(.vae)
        var p = Parameters.initialized(config: config, seed: 4)
        var rng = SeededGenerator(seed: 4)
        for i in p.values.indices { p.values[i] += 0.3 * rng.nextGaussian() }
        let stepper = try DecoderStepper(parameters: p, config: config, capacity: 3)
        stepper.start(rows: 2, latent: [0.1, -0.2, 0.3, 0.5, 0.4, -0.6])
        stepper.step([0, 0, 1, 0, 0, 0, 0, 1, 0, 0])
        stepper.step([0.2, 0.1, 1, 0, 0, -0.3, 0.4, 1, 0, 0])
        let second = stepper.state(row: 1)
        stepper.replicate(row: 1, count: 3)
        #expect(stepper.rows == 3)
        for r in 0..<3 { #expect(stepper.state(row: r) == second) }
        stepper.step([Float](repeating: 0.5, count: 15))
        #expect(stepper.output(row: 0) == stepper.output(row: 2))
        #expect(stepper.output(row: 0) == stepper.output(row: 1))
    }

    @Test func decoderOnlyStartsFromZeroState() throws {
        let config = ModelGradientTests.smallConfig(.decoder)
        let stepper = try DecoderStepper(parameters: Parameters.initialized(config: config, seed: 2), config: config, capacity: 1)
        stepper.start(rows: 1)
        #expect(stepper.state(row: 0).allSatisfy { $0 == 0 })
        stepper.step([0, 0, 1, 0, 0])
        #expect(stepper.outputs.count == config.outputSize)
        #expect(stepper.state(row: 0).contains { $0 != 0 })
    }
}

/// One graph serves batches of any size and length up to its capacity.
@Suite struct GraphReuseTests {
    @Test(arguments: [CellType.lstm, .hyper])
    func smallerBatchesGiveWhatAFreshGraphGives(cell: CellType) throws {
        let config = ModelGradientTests.smallConfig(.vae, cell: cell)
        var rng = SeededGenerator(seed: 6)
        var p = Parameters.initialized(config: config, seed: 6)
        for i in p.values.indices { p.values[i] += 0.2 * rng.nextGaussian() }
        let big = GradientCheck.randomBatch(lengths: [7, 3, 5, 6], steps: 8, rng: &rng)
        let small = GradientCheck.randomBatch(lengths: [2, 4], steps: 4, rng: &rng)
        let shared = try SketchRNNTrainingGraph(config: config, maxBatch: 4, maxSteps: 8)
        let fresh = try SketchRNNTrainingGraph(config: config, maxBatch: 2, maxSteps: 4)
        var g1 = Parameters(layout: p.layout), g2 = Parameters(layout: p.layout)
        let options = TrainingOptions(klWeight: 0.3, klMin: 0)
        var r0 = SeededGenerator(seed: 1)
        _ = shared.forwardBackward(parameters: p, gradients: &g1, batch: big, options: options, rng: &r0)
        var r1 = SeededGenerator(seed: 2), r2 = SeededGenerator(seed: 2)
        let l1 = shared.forwardBackward(parameters: p, gradients: &g1, batch: small, options: options, rng: &r1)
        let l2 = fresh.forwardBackward(parameters: p, gradients: &g2, batch: small, options: options, rng: &r2)
        #expect(l1 == l2)
        #expect(g1 == g2)
    }
}
