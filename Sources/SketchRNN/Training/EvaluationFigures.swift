/// The paper's Table 1 figures for a model on one split (docs/model.md §3, §5): means over sketches of
/// `L_s` (offsets, real points only) and `L_p` (pen, all Nmax steps), each divided by Nmax.
package struct EvaluationFigures: Equatable, Sendable, Codable {
    /// `L_R + w_KL · L_KL`: what validation and early stopping compare (un-annealed, unfloored).
    package var loss: Float
    /// `L_R = L_s + L_p`.
    package var reconstruction: Float
    package var offsetLoss: Float
    package var penLoss: Float
    /// Raw KL (no `KL_min` floor); 0 for a decoder-only model.
    package var kl: Float
    package var sketches: Int

    package init(loss: Float, reconstruction: Float, offsetLoss: Float, penLoss: Float, kl: Float, sketches: Int) {
        self.loss = loss
        self.reconstruction = reconstruction
        self.offsetLoss = offsetLoss
        self.penLoss = penLoss
        self.kl = kl
        self.sketches = sketches
    }

    /// `{"L_R": …, "L_s": …, "L_p": …, "L_KL": …, "sketches": …}`, the `sketch eval --json` line.
    package var jsonLine: String {
        "{\"L_R\": \(reconstruction), \"L_s\": \(offsetLoss), \"L_p\": \(penLoss), \"L_KL\": \(kl), \"sketches\": \(sketches)}"
    }
}
