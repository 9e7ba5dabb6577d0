extension StrokeBatch {
    /// The same batch with end rows `(0, 0, 0, 0, 1)` appended up to `newSteps` steps.
    ///
    /// Length-aware training cuts batches to their longest sketch; a few end rows after it let the
    /// model learn what follows the end token (more end tokens), which the paper's `L_p` scores over
    /// all Nmax steps. Without them, the first input after an end row is never seen in training and
    /// the test `L_p` grows several-fold.
    package func extended(toSteps newSteps: Int) -> StrokeBatch {
        guard newSteps > steps else { return self }
        var rows = strokes
        rows.reserveCapacity((newSteps + 1) * batchSize * 5)
        for _ in steps..<newSteps {
            for _ in 0..<batchSize { rows += [0, 0, 0, 0, 1] }
        }
        return StrokeBatch(batchSize: batchSize, steps: newSteps, nmax: nmax, strokes: rows, lengths: lengths, indices: indices)
    }
}

extension Batcher {
    /// The next training batch as `training` asks: a random batch padded to Nmax (`.full`), or a
    /// length bucket cut to its longest sketch plus `endRows` end rows (`.masked`).
    package mutating func trainingBatch(_ training: TrainingConfig) -> StrokeBatch {
        guard training.penLoss == .masked else { return randomBatch() }
        let batch = bucketedBatch()
        return batch.extended(toSteps: min(batch.steps + training.endRows, nmax))
    }
}
