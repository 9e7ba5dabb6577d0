/// The training procedure's settings (docs/model.md §3); the defaults are magenta's.
package struct TrainingConfig: Codable, Equatable, Sendable {
    package var batchSize: Int = 100
    package var learningRate = LearningRateSchedule()
    /// `w_KL` and the annealing from 0.01 with rate R.
    package var klWeight = KLWeightSchedule()
    /// `KL_min`: the KL term of the training loss is `max(L_KL, KL_min)`.
    package var klMin: Float = 0.2
    /// Clip each gradient component to `[-gradientClip, gradientClip]`, or, with `clipByNorm`, the
    /// whole gradient's L2 norm to `gradientClip`.
    package var gradientClip: Float = 1
    package var clipByNorm = false
    /// `.full`: the paper's batches padded to Nmax, pen loss over every step. `.masked`: length-bucketed
    /// batches cut to their longest sketch plus `endRows`; the pen loss counts each sketch's end token and
    /// the end rows that follow it in the cut batch, and nothing is computed for the rest of the padding.
    package var penLoss: PenLossMode = .full
    /// End rows kept after a bucketed batch's longest sketch (masked mode), so that the state after an
    /// end token is trained (see `StrokeBatch.extended`).
    package var endRows = 16
    /// Scale augmentation: dx and dy each multiplied by a factor uniform in `[1 - r, 1 + r]`.
    package var randomScale: Float = 0.15
    /// Point-dropping augmentation probability (docs/model.md §1).
    package var strokeDropProbability: Float = 0.1
    /// Length-bucketed batches sort sketches by length within pools of this many batches (masked mode).
    package var bucketPoolBatches = 20
    package var seed: UInt64 = 1
    package var evalEvery = 500
    package var checkpointEvery = 500
    package var logEvery = 10
    /// Consecutive non-finite steps after which training stops.
    package var maxConsecutiveNonFinite = 5

    package init() {}

    /// The options of the batcher that serves this training's batches.
    package func batcherOptions(startToken: FirstInput) -> BatcherOptions {
        BatcherOptions(batchSize: batchSize, mode: penLoss, endRows: endRows, startToken: startToken, scaleRange: randomScale,
                       dropProbability: strokeDropProbability, bucketPoolBatches: bucketPoolBatches)
    }

    package var clipping: GradientClipping {
        gradientClip <= 0 ? .none : (clipByNorm ? .norm(gradientClip) : .value(gradientClip))
    }

    /// Problems a user could cause from the command line, as one message, or nil.
    package func validationProblem() -> String? {
        if batchSize < 1 { return "the batch size must be at least 1, got \(batchSize)" }
        if !(learningRate.initial > 0) { return "the learning rate must be positive, got \(learningRate.initial)" }
        if !(klWeight.weight >= 0) { return "the KL weight must be at least 0, got \(klWeight.weight)" }
        if !(klMin >= 0) { return "KL_min must be at least 0, got \(klMin)" }
        if evalEvery < 1 || checkpointEvery < 1 || logEvery < 1 {
            return "the evaluation, checkpoint and log intervals must be at least 1 step"
        }
        if !(randomScale >= 0 && randomScale < 1) { return "the scale augmentation must be in [0, 1), got \(randomScale)" }
        if !(strokeDropProbability >= 0 && strokeDropProbability < 1) {
            return "the stroke-drop probability must be in [0, 1), got \(strokeDropProbability)"
        }
        return nil
    }
}
