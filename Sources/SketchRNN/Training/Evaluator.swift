import Foundation

/// The paper's evaluation (docs/model.md §3, §5): teacher-forced losses of a model over a split in order,
/// without dropout or augmentation, `L_p` over all Nmax steps, means over sketches.
package final class Evaluator {
    package let config: ModelConfig
    package let batchSize: Int
    private let graph: SketchRNNTrainingGraph

    /// Evaluates with a graph of its own.
    package convenience init(config: ModelConfig, batchSize: Int = 100) throws {
        let graph = try SketchRNNTrainingGraph(config: config, maxBatch: batchSize, maxSteps: config.maxSeqLen)
        self.init(graph: graph)
    }

    /// Evaluates with an existing graph (a trainer's), so no second set of activations is allocated.
    package init(graph: SketchRNNTrainingGraph) {
        self.graph = graph
        self.config = graph.config
        self.batchSize = graph.maxBatch
    }

    /// Figures of `parameters` on `sketches` (normalised, at most Nmax points each).
    /// - Parameters:
    ///   - klWeight: `w_KL` of the reported `loss = L_R + w_KL · L_KL`.
    ///   - zMean: z = mu instead of a sample; otherwise eps is drawn from `seed`, so the figure is repeatable.
    package func evaluate(parameters: Parameters, sketches: [Sketch], klWeight: Float, zMean: Bool = false, seed: UInt64 = 1) throws -> EvaluationFigures {
        guard !sketches.isEmpty else { throw DataSetError("no sketches to evaluate on") }
        let options = BatcherOptions(batchSize: batchSize, startToken: config.firstInput,
                                     scaleRange: 0, dropProbability: 0)
        let batcher = try Batcher(sketches: sketches, nmax: config.maxSeqLen, options: options, seed: 0)
        var rng = SeededGenerator(seed: seed)
        var offset = 0.0, pen = 0.0, kl = 0.0, count = 0
        for number in 0..<batcher.orderedBatchCount {  // one batch in memory at a time
            let batch = batcher.orderedBatch(number)
            let losses = graph.evaluate(parameters: parameters, batch: batch, zMean: zMean, klWeight: klWeight, penLoss: .full, rng: &rng)
            let n = Double(batch.batchSize)
            offset += Double(losses.offset) * n
            pen += Double(losses.pen) * n
            kl += Double(losses.kl) * n
            count += batch.batchSize
        }
        let c = Double(count)
        let ls = Float(offset / c), lp = Float(pen / c), lkl = config.isVAE ? Float(kl / c) : 0
        return EvaluationFigures(loss: ls + lp + klWeight * lkl, reconstruction: ls + lp, offsetLoss: ls, penLoss: lp, kl: lkl, sketches: count)
    }

    /// One split of sketch-rnn `.npz` files in a model's units: offsets clipped to ±1000, sketches of at
    /// most `maxSeqLen` points kept, divided by the model's `scaleFactor` (docs/model.md §5).
    package static func loadSplit(files: [URL], split: Split, scaleFactor: Float, maxSeqLen: Int) throws -> [Sketch] {
        var leftOut = 0
        return try loadSplit(files: files, split: split, scaleFactor: scaleFactor, maxSeqLen: maxSeqLen, leftOut: &leftOut)
    }

    /// The same, counting in `leftOut` the split's sketches that are empty or longer than `maxSeqLen`.
    package static func loadSplit(files: [URL], split: Split, scaleFactor: Float, maxSeqLen: Int, leftOut: inout Int) throws -> [Sketch] {
        var sketches: [Sketch] = []
        leftOut = 0
        for url in files {
            let file = try SketchFile.read(contentsOf: url)
            let chosen: [Sketch]
            switch split {
            case .train: chosen = file.train
            case .valid: chosen = file.valid
            case .test: chosen = file.test
            }
            let kept = chosen.filter { !$0.isEmpty && $0.count <= maxSeqLen }
            leftOut += chosen.count - kept.count
            sketches += kept.map { $0.clipped().normalized(by: scaleFactor) }
        }
        guard !sketches.isEmpty else {
            throw DataSetError("\(files.map(\.path).joined(separator: ", ")): no \(split.rawValue) sketches of 1 to \(maxSeqLen) points")
        }
        return sketches
    }
}
