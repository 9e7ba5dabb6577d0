import Foundation

extension SketchRNNJS {
    /// Why a model cannot be written in the sketch-rnn-js format.
    package struct ExportError: Error, CustomStringConvertible, LocalizedError {
        package var problem: String
        package var description: String { "cannot export to sketch-rnn-js JSON: \(problem)" }
        package var errorDescription: String? { description }
    }

    /// The mixture count both JavaScript readers assume (`NMIXTURE = 20`).
    package static let requiredMixtures = 20

    /// The model as a sketch-rnn-js JSON file. Only plain-LSTM models with M = 20 fit the format; weights are
    /// clipped to ±10 and rounded to the int16 step. `info` records the first input the model was
    /// trained with (`first_input`) so that re-importing honours it, and the project's history.
    package static func encode(_ model: ModelFile) throws -> Data {
        let config = model.config
        guard config.cell == .lstm else {
            throw ExportError(problem: "sketch-rnn-js runs plain LSTM decoders only; this model's decoder is \(config.cell.rawValue)")
        }
        guard config.mixtures == requiredMixtures else {
            throw ExportError(problem: "sketch-rnn-js and magenta-js both hard-code M = \(requiredMixtures) mixtures "
                + "(Google's library then prints \"error sampling pi index\" and draws every sketch to Nmax); "
                + "this model has M = \(config.mixtures). Export it as .safetensors instead")
        }
        let order = config.isVAE ? vaeOrder : decoderOrder
        var shapes = [[Int]]()
        var blobs = [String]()
        for name in order {
            guard let t = try? model.parameters.tensor(name) else {
                throw ExportError(problem: "the model has no \(name)")
            }
            shapes.append(t.shape)
            var q = t.data.map { v -> Int16 in
                let clipped = min(max(v, -range), range)
                return Int16((clipped / range * levels).rounded()).littleEndian
            }
            blobs.append(q.withUnsafeMutableBytes { Data($0) }.base64EncodedString())
        }
        var info: [String: Any] = [
            "mode": config.isVAE ? 0 : 2,
            "version": config.latentThroughTanh ? 5 : 6,
            "name": model.info.name,
            "scale_factor": Double(model.info.scaleFactor),
            "max_seq_len": config.nmax,
            firstInputKey: config.firstInput.row.map { Int($0) },
        ]
        // Notes imported from JSON numbers (training_size) go back as numbers.
        for (k, v) in model.info.notes where !knownKeys.contains(k) && k != "source" {
            info[k] = (try? JSONSerialization.jsonObject(with: Data(v.utf8), options: .fragmentsAllowed)) as? NSNumber ?? v
        }
        // What Google's library logs on loading ("reconst loss", "kl loss", "training sample size"):
        // training_size comes with the notes above when shipping recorded it.
        if let (reconstruction, kl) = libraryLosses(model) {
            info["r_loss"] = reconstruction
            info["kl_loss"] = kl
        }
        if model.info.trainingStep > 0 { info["training_step"] = String(model.info.trainingStep) }
        if !model.info.dataSets.isEmpty { info["data_sets"] = ModelFile.encodeJSON(model.info.dataSets) }
        if !model.info.losses.isEmpty { info["losses"] = ModelFile.encodeJSON(model.info.losses) }
        if let sampling = model.info.sampling {
            info["sampling"] = try JSONSerialization.jsonObject(with: Data(ModelFile.encodeJSON(sampling).utf8))
        }
        return try JSONSerialization.data(withJSONObject: [info, shapes, blobs], options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// `r_loss` and `kl_loss` of the info: the test split's `L_R` and raw `L_KL` when the model has them
    /// (shipped checkpoints do), else the validation split's; nil when it has neither. A decoder-only
    /// model has no latent, so its `kl_loss` is 0.
    static func libraryLosses(_ model: ModelFile) -> (reconstruction: Double, kl: Double)? {
        let losses = model.info.losses
        for split in ["test", "valid"] {
            guard let reconstruction = losses["\(split)_reconstruction"] else { continue }
            if !model.config.isVAE { return (reconstruction, 0) }
            if let kl = losses["\(split)_kl"] { return (reconstruction, kl) }
        }
        return nil
    }

    package static func write(_ model: ModelFile, to url: URL) throws {
        try AtomicFile.write(try encode(model), to: url)
    }
}
