/// How a `Batcher` builds training batches.
package struct BatcherOptions: Codable, Equatable, Sendable {
    package var batchSize: Int
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

    package init(batchSize: Int = 100, startToken: FirstInput = .penDown, scaleRange: Float = 0.15,
                dropProbability: Float = 0, bucketPoolBatches: Int = 20) {
        self.batchSize = batchSize
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
