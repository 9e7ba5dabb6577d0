/// The paper's Table 1 figures for a model on one split (docs/model.md §3, §5): means over sketches of
/// `L_s` (offsets, real points only) and `L_p` (pen, all Nmax steps), each divided by Nmax.
public struct EvaluationFigures: Equatable, Sendable, Codable {
    /// `L_R + w_KL · L_KL`: what validation and early stopping compare (un-annealed, unfloored).
    public var loss: Float
    /// `L_R = L_s + L_p`.
    public var reconstruction: Float
    public var offsetLoss: Float
    public var penLoss: Float
    /// Raw KL (no `KL_min` floor); 0 for a decoder-only model.
    public var kl: Float
    public var sketches: Int

    public init(loss: Float, reconstruction: Float, offsetLoss: Float, penLoss: Float, kl: Float, sketches: Int) {
        self.loss = loss
        self.reconstruction = reconstruction
        self.offsetLoss = offsetLoss
        self.penLoss = penLoss
        self.kl = kl
        self.sketches = sketches
    }

    /// `{"L_R": …, "L_s": …, "L_p": …, "L_KL": …, "sketches": …}`, the `sketch eval --json` line.
    public var jsonLine: String {
        "{\"L_R\": \(reconstruction), \"L_s\": \(offsetLoss), \"L_p\": \(penLoss), \"L_KL\": \(kl), \"sketches\": \(sketches)}"
    }
}
