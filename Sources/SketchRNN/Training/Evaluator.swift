import Foundation

/// The paper's evaluation (docs/model.md §3, §5): teacher-forced losses of a model over a split in order,
/// without dropout or augmentation, `L_p` over all Nmax steps, means over sketches.
package final class Evaluator {
    package let config: ModelConfig
    package let batchSize: Int
    private let graph: SketchRNNTrainingGraph

    /// Evaluates with a graph of its own.
    package convenience init(config: ModelConfig, batchSize: Int = 100) throws {
        let graph = try SketchRNNTrainingGraph(config: config, maxBatch: batchSize, maxSteps: config.nmax)
        self.init(graph: graph)
    }

    /// Evaluates with an existing graph (a trainer's), so no second set of activations is allocated.
    package init(graph: SketchRNNTrainingGraph) {
        self.graph = graph
        self.config = graph.config
        self.batchSize = graph.maxBatch
    }

    /// Figures of `parameters` on `sketches` (prepared: `SketchDataSet.loadSplit`).
    /// - Parameters:
    ///   - klWeight: `w_KL` of the reported `loss = L_R + w_KL · L_KL`.
    ///   - zMean: z = mu instead of a sample; otherwise eps is keyed by `seed` and each sketch's place in
    ///     `sketches`, so the figure is repeatable and does not depend on the batch size.
    package func evaluate(parameters: Parameters, sketches: [Sketch], klWeight: Float, zMean: Bool = false, seed: UInt64 = 1) throws -> Losses {
        guard !sketches.isEmpty else { throw DataSetError("no sketches to evaluate on") }
        let options = BatcherOptions(batchSize: batchSize, startToken: config.firstInput,
                                     scaleRange: 0, dropProbability: 0)
        let batcher = try Batcher(sketches: sketches, nmax: config.nmax, options: options, seed: 0)
        let noise = SeededGenerator(seed: seed)
        var offset = 0.0, pen = 0.0, kl = 0.0, count = 0
        for number in 0..<batcher.orderedBatchCount {  // one batch in memory at a time
            let batch = batcher.orderedBatch(number)
            var rng = noise
            let losses = graph.evaluate(parameters: parameters, batch: batch, zMean: zMean, klWeight: klWeight,
                                        penRows: .allSteps, rng: &rng, firstRow: number * batchSize)
            let n = Double(batch.batchSize)
            offset += Double(losses.offset) * n
            pen += Double(losses.pen) * n
            kl += Double(losses.kl) * n
            count += batch.batchSize
        }
        let c = Double(count)
        let ls = Float(offset / c), lp = Float(pen / c), lkl = config.isVAE ? Float(kl / c) : 0
        return Losses(total: ls + lp + klWeight * lkl, reconstruction: ls + lp, offset: ls, pen: lp, kl: lkl, sketches: count)
    }
}
