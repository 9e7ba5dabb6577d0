/// What a model file says about where a model came from, beside its shape (`ModelConfig`) and
/// weights: saved in the safetensors metadata and in sketch-rnn-js `info`.
package struct ModelInfo: Codable, Equatable, Sendable {
    /// Short human name ("sheep", "omniglot VAE").
    package var name: String
    /// Data pixels per model unit: offsets in pixels are divided by it (docs/model.md §1).
    package var scaleFactor: Float
    /// Data sets trained on (file names such as "aaron_sheep.npz").
    package var dataSets: [String]
    /// Optimiser steps taken (0 for an imported model whose history is unknown).
    package var trainingStep: Int
    /// Loss figures by name. Conventional keys: "train", "valid", "test" (L_R + w_KL L_KL as in the
    /// paper's Table 1), "test_reconstruction", "test_kl" (raw, not floored).
    package var losses: [String: Double]
    /// Anything else worth keeping (licence, source, training size), as strings.
    package var notes: [String: String]
    /// How the model draws best (nil: `SamplingStyle.standard`).
    package var sampling: SamplingStyle?

    package init(
        name: String, scaleFactor: Float, dataSets: [String] = [], trainingStep: Int = 0,
        losses: [String: Double] = [:], notes: [String: String] = [:], sampling: SamplingStyle? = nil
    ) {
        self.name = name
        self.scaleFactor = scaleFactor
        self.dataSets = dataSets
        self.trainingStep = trainingStep
        self.losses = losses
        self.notes = notes
        self.sampling = sampling
    }

    /// The style to sample with: the model's own, or the project's standard.
    package var samplingStyle: SamplingStyle { sampling ?? .standard }
}
