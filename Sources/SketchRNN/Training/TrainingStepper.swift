/// What one training step measured.
public struct TrainingStepReport: Sendable {
    /// The step this was (counting from 1).
    public var step: Int
    /// The batch's losses: `total` as optimised, `L_R + klw · max(L_KL, KL_min)`, and the raw KL
    /// (before the floor); `sketches` is the batch size.
    public var losses: Losses
    public var learningRate: Float
    public var klWeight: Float
    /// L2 norm of the gradient before clipping.
    public var gradientNorm: Float
    /// Wall-clock seconds of the step (set by the trainer).
    public var seconds: Double = 0
}

/// One optimiser step, the unit that `Trainer` repeats and `sketch bench train` times: forward and
/// backward over a batch, the NaN guard, clipping, and Adam at the scheduled learning rate.
/// Its buffers (the graph's activations, the gradients) are allocated once.
public struct TrainingStepper {
    public enum Outcome {
        case updated(TrainingStepReport)
        case skipped(String)
        /// The update left weights that are not finite or beyond `Parameters.maxMagnitude`: they
        /// would not load again, so the run cannot go on from them.
        case diverged(String)
    }

    public let graph: SketchRNNTrainingGraph
    public var gradients: Parameters
    public let training: TrainingConfig

    public init(config: ModelConfig, training: TrainingConfig) throws {
        self.training = training
        self.graph = try SketchRNNTrainingGraph(config: config, maxBatch: training.batchSize, maxSteps: config.nmax)
        self.gradients = Parameters(config: config)
    }

    /// Takes step `state.step` on `batch` (the caller advances `state.step`). The weights and Adam's
    /// moments are left untouched when the loss or a gradient is not finite.
    public mutating func step(state: inout TrainingState, batch: StrokeBatch) -> Outcome {
        let lr = training.learningRate.rate(at: state.step)
        let klw = state.config.isVAE ? training.klWeight.weight(at: state.step) : 0
        // Masked mode's batches are already cut: every row they hold (end rows included) counts.
        let options = TrainingOptions(klWeight: klw, klMin: training.klMin, penRows: .allSteps, recurrentDropout: true)
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
            step: state.step + 1, losses: losses, learningRate: lr, klWeight: klw, gradientNorm: clip.norm))
    }
}
