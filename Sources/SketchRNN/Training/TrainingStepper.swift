/// What one training step measured.
package struct TrainingStepReport: Sendable {
    /// The step this was (counting from 1).
    package var step: Int
    /// The loss optimised: `L_R + klw · max(L_KL, KL_min)`.
    package var loss: Float
    package var reconstruction: Float
    package var offsetLoss: Float
    package var penLoss: Float
    /// Raw KL of the batch (before the floor).
    package var kl: Float
    package var learningRate: Float
    package var klWeight: Float
    /// L2 norm of the gradient before clipping.
    package var gradientNorm: Float
    package var batchSize: Int
    /// Wall-clock seconds of the step (set by the trainer).
    package var seconds: Double = 0
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

    package init(config: ModelConfig, training: TrainingConfig) throws {
        self.training = training
        self.graph = try SketchRNNTrainingGraph(config: config, maxBatch: training.batchSize, maxSteps: config.maxSeqLen)
        self.gradients = Parameters(config: config)
    }

    /// Takes step `state.step` on `batch` (the caller advances `state.step`). The weights and Adam's
    /// moments are left untouched when the loss or a gradient is not finite.
    package mutating func step(state: inout TrainingState, batch: StrokeBatch) -> Outcome {
        let lr = training.learningRate.rate(at: state.step)
        let klw = state.config.isVAE ? training.klWeight.weight(at: state.step) : 0
        // Masked mode's batches are already cut: every row they hold (end rows included) counts.
        let options = TrainingOptions(klWeight: klw, klMin: training.klMin, penLoss: .full, recurrentDropout: true)
        let losses = graph.forwardBackward(parameters: state.parameters, gradients: &gradients, batch: batch,
                                           options: options, rng: &state.noiseGenerator)
        guard losses.total.isFinite else {
            return .skipped("the loss is \(losses.total) (L_R \(losses.reconstruction), L_KL \(losses.kl))")
        }
        let clip = training.clipping.apply(to: &gradients.values)
        guard clip.isFinite else {
            return .skipped("the gradient of \(gradients.firstNonFiniteTensor ?? "a parameter") is not finite")
        }
        state.optimizer.update(parameters: &state.parameters.values, gradients: gradients.values, learningRate: lr)
        if let problem = state.parameters.unusableValueProblem { return .diverged("after the update, \(problem)") }
        return .updated(TrainingStepReport(
            step: state.step + 1, loss: losses.total, reconstruction: losses.reconstruction, offsetLoss: losses.offset,
            penLoss: losses.pen, kl: losses.kl, learningRate: lr, klWeight: klw, gradientNorm: clip.norm, batchSize: batch.batchSize))
    }
}
