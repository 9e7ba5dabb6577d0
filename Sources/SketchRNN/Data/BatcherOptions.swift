/// How training batches are cut, named by what it does to the pen loss `L_p` (docs/model.md §3);
/// `sketch train --pen-loss`. Which rows the graph counts is `PenLossRows`.
package enum PenLossMode: String, Codable, Sendable, CaseIterable {
    /// The paper's: random batches padded to Nmax, `L_p` over every step.
    case full
    /// Length-bucketed batches cut to their longest sketch plus `endRows` end rows: `L_p` counts
    /// each sketch's end token and the end rows after it in the cut batch, nothing beyond.
    case masked
}

/// How a `Batcher` builds training batches.
package struct BatcherOptions: Codable, Equatable, Sendable {
    package var batchSize: Int
    /// What `trainingBatch()` serves: random padded batches (`.full`) or cut buckets (`.masked`).
    package var mode: PenLossMode
    /// End rows kept after a bucketed batch's longest sketch (`.masked`; see `StrokeBatch.extended`).
    package var endRows: Int
    /// The decoder's first input row.
    package var startToken: FirstInput
    /// Scale augmentation range r: dx and dy are multiplied by independent factors uniform in
    /// [1 - r, 1 + r], drawn per sketch each time it is batched (paper 0.10, magenta 0.15; 0 = off).
    package var scaleRange: Float
    /// TF's point-dropping augmentation probability (magenta 0.1 when used; 0 = off).
    package var dropProbability: Float
    /// Length-bucketed batches sort sketches by length within pools of this many batches, so
    /// batches stay random while each holds sketches of similar length.
    package var bucketPoolBatches: Int

    package init(batchSize: Int = 100, mode: PenLossMode = .full, endRows: Int = 16, startToken: FirstInput = .penDown,
                scaleRange: Float = 0.15, dropProbability: Float = 0, bucketPoolBatches: Int = 20) {
        self.batchSize = batchSize
        self.mode = mode
        self.endRows = endRows
        self.startToken = startToken
        self.scaleRange = scaleRange
        self.dropProbability = dropProbability
        self.bucketPoolBatches = bucketPoolBatches
    }
}

/// Everything needed to resume a batcher exactly where it was (saved in checkpoints).
package struct BatcherState: Codable, Equatable, Sendable {
    /// Draws sketch choices and augmentation.
    package var generator: SeededGenerator
    /// Seeds the current epoch's bucket plan, which is rebuilt from it on restore.
    package var epochSeed: UInt64
    /// Bucketed batches already served in this epoch.
    package var cursor: Int
    /// Completed passes over the bucket plan.
    package var epoch: Int
}
