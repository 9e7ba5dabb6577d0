import Foundation

/// Which steps of a batch the pen loss `L_p` counts (docs/model.md §3). How batches are cut for
/// training is another matter: `PenLossMode`.
package enum PenLossRows: Sendable, Equatable, CaseIterable {
    /// Every one of the batch's steps: the paper's (all Nmax of a padded batch), and what masked
    /// training counts too, its bucketed batches being cut already.
    case allSteps
    /// Up to and including each sketch's first end token; later steps are not counted.
    case throughFirstEnd
}

/// Options of one training step.
package struct TrainingOptions: Sendable, Equatable {
    /// The absolute weight of the KL term this step: `w_KL · η_step`.
    package var klWeight: Float
    /// `KL_min`: the KL term counts (and gets gradient) only above this floor.
    package var klMin: Float
    package var penRows: PenLossRows
    /// Recurrent dropout with the config's keep probability.
    package var recurrentDropout: Bool

    package init(klWeight: Float = 0.01, klMin: Float = 0.2, penRows: PenLossRows = .allSteps, recurrentDropout: Bool = true) {
        self.klWeight = klWeight
        self.klMin = klMin
        self.penRows = penRows
        self.recurrentDropout = recurrentDropout
    }
}

/// The loss terms (docs/model.md §3) of a batch (the training graph's) or of a split (the
/// evaluator's), each a mean over sketches, `L_s` and `L_p` divided by Nmax: the one type the
/// figures keep from the graph to `log.jsonl`, the training state and `sketch eval`.
package struct Losses: Sendable, Equatable, Codable {
    /// What is compared: in training, what was minimised, `L_R + w_KL · max(L_KL, KL_min)` (VAE)
    /// or `L_R`; in evaluation, `L_R + w_KL · L_KL` (un-annealed, unfloored). `loss` in files.
    package var total: Float
    /// `L_R = L_s + L_p`.
    package var reconstruction: Float
    /// `L_s`, the offsets' mixture loss over real points.
    package var offset: Float
    /// `L_p`, the pen states' cross-entropy.
    package var pen: Float
    /// The raw KL term, without the floor (0 for a decoder-only model).
    package var kl: Float
    /// Sketches the means are over (0 when read back from a log).
    package var sketches: Int

    package init(total: Float, reconstruction: Float, offset: Float = .nan, pen: Float = .nan, kl: Float, sketches: Int = 0) {
        self.total = total
        self.reconstruction = reconstruction
        self.offset = offset
        self.pen = pen
        self.kl = kl
        self.sketches = sketches
    }

    /// Every term NaN: figures that could not be measured.
    package static let unavailable = Losses(total: .nan, reconstruction: .nan, kl: .nan)

    /// The keys of a training state's `best_validation` note, as the first states wrote them, so that
    /// their checkpoints still resume.
    private enum CodingKeys: String, CodingKey {
        case total = "loss", reconstruction, offset = "offsetLoss", pen = "penLoss", kl, sketches
    }

    /// The terms' names in `log.jsonl` and `sketch eval --json`, in their order there.
    package static let termNames: [(name: String, term: KeyPath<Losses, Float>)] = [
        ("loss", \.total), ("L_R", \.reconstruction), ("L_s", \.offset), ("L_p", \.pen), ("L_KL", \.kl),
    ]

    /// `(key, JSON value)` of the named terms in `names` (default all), each key after `prefix`;
    /// a value that is not finite is `null`.
    package func jsonFields(prefix: String = "", _ names: Set<String>? = nil) -> [(String, String)] {
        Self.termNames.filter { names?.contains($0.name) ?? true }.map { name, term in
            let x = self[keyPath: term]
            return (prefix + name, x.isFinite ? "\(x)" : "null")
        }
    }

    /// Reads the terms written by `jsonFields` from a parsed JSON object; missing and null terms
    /// read as NaN.
    package init(jsonObject object: [String: Any], prefix: String = "") {
        func f(_ key: String) -> Float { (object[prefix + key] as? NSNumber)?.floatValue ?? .nan }
        self.init(total: f("loss"), reconstruction: f("L_R"), offset: f("L_s"), pen: f("L_p"), kl: f("L_KL"))
    }

    /// `{"L_R": …, "L_s": …, "L_p": …, "L_KL": …, "sketches": …}`, the `sketch eval --json` line.
    package var jsonLine: String {
        let fields = jsonFields(["L_R", "L_s", "L_p", "L_KL"]) + [("sketches", "\(sketches)")]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}
