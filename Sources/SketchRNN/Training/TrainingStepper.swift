import Dispatch

/// What one training step measured.
package struct TrainingStepReport: Sendable {
    /// The step this was (counting from 1).
    package var step: Int
    /// The batch's losses: `total` as optimised, `L_R + klw · max(L_KL, KL_min)`, and the raw KL
    /// (before the floor); `sketches` is the batch size.
    package var losses: Losses
    package var learningRate: Float
    package var klWeight: Float
    /// L2 norm of the gradient before clipping.
    package var gradientNorm: Float
    /// Wall-clock seconds of the step (set by the trainer).
    package var seconds: Double = 0
    /// Wall-clock seconds of the step's gradient sum over the ranks (0 in one process).
    package var reduceSeconds: Double = 0
}

/// One optimiser step, the unit that `Trainer` repeats and `sketch bench train` times: forward and
/// backward over a batch, the NaN guard, clipping, and Adam at the scheduled learning rate.
/// Its buffers (the graph's activations, the gradients) are allocated once.
package struct TrainingStepper {
    package enum Outcome {
        case updated(TrainingStepReport)
        case skipped(String)
        /// The update left weights that are not finite or beyond `Parameters.maxMagnitude`: they
        /// would not load again, so the run cannot go on from them.
        case diverged(String)
    }

    package let graph: SketchRNNTrainingGraph
    package var gradients: Parameters
    package let training: TrainingConfig

    /// `precision`: the recurrent products' arithmetic, a setting of the run rather than of the model or
    /// the procedure (checkpoints are fp32 either way, and a run resumes in either).
    package init(config: ModelConfig, training: TrainingConfig, precision: ProductPrecision = .fp32) throws {
        self.training = training
        self.graph = try SketchRNNTrainingGraph(config: config, maxBatch: training.batchSize, maxSteps: config.nmax,
                                                precision: precision)
        self.gradients = Parameters(config: config)
    }

    /// Takes step `state.step` on `batch` (the caller advances `state.step`). The weights and Adam's
    /// moments are left untouched when the loss or a gradient is not finite.
    ///
    /// With a `shard`, `batch` is this rank's rows of the global batch: the gradient is summed over
    /// the ranks in one call over the flat buffer, after which every rank clips and updates alike.
    /// ε and the dropout masks depend only on the run's noise key, the step and each global row.
    package mutating func step(state: inout TrainingState, batch: StrokeBatch, shard: BatchShard? = nil) -> Outcome {
        let lr = training.learningRate.rate(at: state.step)
        let klw = state.config.isVAE ? training.klWeight.weight(at: state.step) : 0
        // Masked mode's batches are already cut: every row they hold (end rows included) counts.
        let options = TrainingOptions(klWeight: klw, klMin: training.klMin, penRows: .allSteps, recurrentDropout: true)
        var noise = state.stepNoise
        let losses = graph.forwardBackward(parameters: state.parameters, gradients: &gradients, batch: batch,
                                           options: options, rng: &noise, shard: shard)
        // The losses are the global batch's: every rank skips alike.
        guard losses.total.isFinite else {
            return .skipped("the loss is \(losses.total) (L_R \(losses.reconstruction), L_KL \(losses.kl))")
        }
        var reduceSeconds = 0.0
        if let shard, shard.communicator.size > 1 {
            let began = DispatchTime.now().uptimeNanoseconds
            gradients.values.withUnsafeMutableBufferPointer { shard.communicator.sum($0.baseAddress!, count: $0.count) }
            reduceSeconds = Double(DispatchTime.now().uptimeNanoseconds - began) * 1e-9
        }
        let clip = training.clipping.apply(to: &gradients.values)
        guard clip.isFinite else {
            return .skipped("the gradient of \(gradients.firstNonFiniteTensor ?? "a parameter") is not finite")
        }
        state.optimizer.update(parameters: &state.parameters.values, gradients: gradients.values, learningRate: lr)
        if let problem = state.parameters.unusableValueProblem { return .diverged("after the update, \(problem)") }
        return .updated(TrainingStepReport(
            step: state.step + 1, losses: losses, learningRate: lr, klWeight: klw, gradientNorm: clip.norm,
            reduceSeconds: reduceSeconds))
    }
}
