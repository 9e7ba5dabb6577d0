/// How the pen loss `L_p` counts steps (docs/model.md §3, issue 4).
package enum PenLossMode: String, Codable, Sendable, CaseIterable {
    /// The paper's: every one of the batch's steps (all Nmax in faithful batches).
    case full
    /// Up to and including each sketch's first end token; later steps are not counted.
    case masked
}

/// Options of one training step.
package struct TrainingOptions: Sendable, Equatable {
    /// The absolute weight of the KL term this step: `w_KL · η_step`.
    package var klWeight: Float
    /// `KL_min`: the KL term counts (and gets gradient) only above this floor.
    package var klMin: Float
    package var penLoss: PenLossMode
    /// Recurrent dropout with the config's keep probability.
    package var recurrentDropout: Bool

    package init(klWeight: Float = 0.01, klMin: Float = 0.2, penLoss: PenLossMode = .full, recurrentDropout: Bool = true) {
        self.klWeight = klWeight
        self.klMin = klMin
        self.penLoss = penLoss
        self.recurrentDropout = recurrentDropout
    }
}

/// The loss terms of one batch (docs/model.md §3), each a mean over the batch's sketches; `L_s` and `L_p`
/// are divided by the batch's `nmax`.
package struct Losses: Sendable, Equatable, Codable {
    /// What was minimised: `L_R + klWeight · max(L_KL, KL_min)` (VAE) or `L_R`.
    package var total: Float
    /// `L_R = L_s + L_p`.
    package var reconstruction: Float
    package var offset: Float
    package var pen: Float
    /// The raw KL term, without the floor (0 for a decoder-only model).
    package var kl: Float
    package var sketches: Int

    package init(total: Float, reconstruction: Float, offset: Float, pen: Float, kl: Float, sketches: Int) {
        self.total = total
        self.reconstruction = reconstruction
        self.offset = offset
        self.pen = pen
        self.kl = kl
        self.sketches = sketches
    }
}
