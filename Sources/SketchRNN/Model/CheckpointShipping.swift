import Foundation

/// Turns a trained model (a run's `best.safetensors`) into a shipped checkpoint: evaluated on the
/// test split as `sketch eval` does, weights only, float16 when that moves the test figures by less
/// than `f16Tolerance`, at most `maxBytes`, with its figures, data sets, licences, training size and
/// training history in the metadata, written atomically.
package enum CheckpointShipping {
    /// The largest shipped file: the checkpoints travel in every clone of the package.
    package static let maxBytes = 10_000_000
    /// float16 storage is kept when test `L_R` and `L_KL` each move by less than this.
    package static let f16Tolerance: Float = 0.01
    /// `sketch eval`'s defaults: `loss = L_R + 0.5 · L_KL`, z sampled with seed 1.
    package static let evaluationKLWeight: Float = 0.5
    package static let evaluationSeed: UInt64 = 1
    /// Notes of a trained model that a shipped file keeps; the rest (a training state's optimiser
    /// header, generator states) describe a run, not the model.
    static let keptNotes: Set<String> = ["pen_loss", "training_seconds", trainingSizeNote, TrainingState.startedFromKey]
    /// The note holding the number of training sketches, named as sketch-rnn-js's info names it
    /// (exports carry it there; Google's library logs it as "training sample size").
    package static let trainingSizeNote = "training_size"

    /// What a run's `log.jsonl` says about the whole run (the model itself is from its best step).
    package struct RunSummary: Equatable, Sendable {
        package var steps: Int
        package var seconds: Double?

        package init(steps: Int, seconds: Double?) {
            self.steps = steps
            self.seconds = seconds
        }

        /// The last record's step and elapsed time; nil for an empty log.
        package init?(records: [TrainingLogRecord]) {
            guard let last = records.max(by: { $0.step < $1.step }) else { return nil }
            self.init(steps: last.step, seconds: last.elapsedSeconds)
        }

        /// Reads `log.jsonl`.
        package init?(logFile url: URL) throws {
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw ShippingError(problem: "\(url.path): cannot be read as a training log")
            }
            self.init(records: text.split(separator: "\n").compactMap { TrainingLogRecord(jsonLine: String($0)) })
        }
    }

    /// Everything shipping needs beside the model.
    package struct Request {
        package var name: String
        /// The test split in the model's units (`SketchDataSet.loadSplit`).
        package var testSketches: [Sketch]
        /// Licence of each of the model's data sets.
        package var licences: [String: String]
        package var run: RunSummary?
        /// The run's `TrainingConfig` as JSON (a training state's `training` note), when known.
        package var trainingJSON: String?
        /// The number of training sketches (the training split's sketches of at most Nmax points), when known.
        package var trainingSketches: Int?
        package var maxBytes: Int
        package var tolerance: Float

        package init(name: String, testSketches: [Sketch], licences: [String: String], run: RunSummary? = nil,
                    trainingJSON: String? = nil, trainingSketches: Int? = nil, maxBytes: Int = CheckpointShipping.maxBytes,
                    tolerance: Float = CheckpointShipping.f16Tolerance) {
            self.name = name
            self.testSketches = testSketches
            self.licences = licences
            self.run = run
            self.trainingJSON = trainingJSON
            self.trainingSketches = trainingSketches
            self.maxBytes = maxBytes
            self.tolerance = tolerance
        }
    }

    /// What shipping did.
    package struct Report: Sendable {
        package var url: URL
        package var storage: SafetensorsFile.StorageType
        /// Test figures of the float32 weights and of the float16-rounded weights.
        package var f32: Losses
        package var f16: Losses
        package var bytes: Int
        /// The model as shipped (weights as stored, metadata as written).
        package var model: ModelFile

        /// The figures of the stored weights.
        package var shipped: Losses { storage == .f16 ? f16 : f32 }
    }

    /// float16 when test `L_R` and `L_KL` of the rounded weights each move by less than `tolerance`.
    package static func storage(f32: Losses, f16: Losses, tolerance: Float = f16Tolerance) -> SafetensorsFile.StorageType {
        let moved = max(abs(f16.reconstruction - f32.reconstruction), abs(f16.kl - f32.kl))
        return moved.isFinite && moved < tolerance ? .f16 : .f32
    }

    /// A checkpoint name works as `--model NAME` from anywhere: letters, digits, `-`, `_`, `.`, not
    /// starting with `.`, without the `.safetensors` extension.
    package static func nameProblem(_ name: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        if name.isEmpty || name.hasPrefix(".") || !name.allSatisfy({ allowed.contains($0) }) {
            return "checkpoint name \"\(name)\": use letters, digits, '-', '_' and '.', not starting with '.'"
        }
        if name.hasSuffix(".\(ModelFile.fileExtension)") { return "checkpoint name \"\(name)\": give it without .\(ModelFile.fileExtension)" }
        return nil
    }

    /// The weights-only model with its shipping metadata, the bytes to store, and the figures, without
    /// writing anything.
    package static func prepare(_ model: ModelFile, _ request: Request) throws -> (data: Data, report: Report) {
        if let problem = nameProblem(request.name) { throw ShippingError(problem: problem) }
        let unlicensed = model.info.dataSets.filter { request.licences[$0] == nil }
        if model.info.dataSets.isEmpty || !unlicensed.isEmpty {
            let which = model.info.dataSets.isEmpty ? "the model names no data set" : "no licence known for \(unlicensed.joined(separator: ", "))"
            throw ShippingError(problem: "\(which): a shipped checkpoint must name its data and their licence")
        }
        var shipped = ModelFile(config: model.config, parameters: model.parameters, info: model.info)
        shipped.info.name = request.name
        shipped.info.notes = model.info.notes.filter { keptNotes.contains($0.key) }

        let evaluator = try Evaluator(config: model.config, batchSize: min(100, max(request.testSketches.count, 1)))
        func evaluate(_ m: ModelFile) throws -> Losses {
            try evaluator.evaluate(parameters: m.parameters, sketches: request.testSketches, klWeight: evaluationKLWeight, seed: evaluationSeed)
        }
        let f32 = try evaluate(shipped)
        let halfData = try shipped.safetensors.encoded(as: .f16)
        let half = try ModelFile.decode(halfData, name: "\(request.name) (float16)")
        let f16 = try evaluate(half)
        let storage = storage(f32: f32, f16: f16, tolerance: request.tolerance)
        if storage == .f16 { shipped.parameters = half.parameters }
        let figures = storage == .f16 ? f16 : f32

        shipped.info.losses = model.info.losses.filter { $0.key.hasPrefix("valid") }
        shipped.info.losses["test"] = Double(figures.total)
        shipped.info.losses["test_reconstruction"] = Double(figures.reconstruction)
        shipped.info.losses["test_offset"] = Double(figures.offset)
        shipped.info.losses["test_pen"] = Double(figures.pen)
        if model.config.isVAE { shipped.info.losses["test_kl"] = Double(figures.kl) }
        var notes = shipped.info.notes
        notes["storage"] = storage == .f16 ? "f16" : "f32"
        if let size = ModelDrawingSize.median(of: request.testSketches) { notes[ModelDrawingSize.metadataKey] = "\(size)" }
        notes["test_L_R_f32"] = "\(f32.reconstruction)"
        notes["test_L_R_f16"] = "\(f16.reconstruction)"
        if model.config.isVAE {
            notes["test_L_KL_f32"] = "\(f32.kl)"
            notes["test_L_KL_f16"] = "\(f16.kl)"
        }
        notes["test_sketches"] = "\(figures.sketches)"
        notes["test_evaluation"] = "sketch eval: test split, L_p over all Nmax steps, L_KL raw" + (model.config.isVAE ? ", z sampled with seed \(evaluationSeed)" : "")
        notes["data_licence"] = model.info.dataSets.map { "\($0): \(request.licences[$0] ?? "")" }.joined(separator: "; ")
        if let run = request.run {
            notes["run_steps"] = "\(run.steps)"
            if let s = run.seconds { notes["run_seconds"] = String(format: "%.0f", s) }
        }
        if let training = request.trainingJSON { notes["training"] = training }
        if let size = request.trainingSketches { notes[trainingSizeNote] = "\(size)" }
        shipped.info.notes = notes

        let data = try shipped.safetensors.encoded(as: storage)
        if data.count > request.maxBytes {
            throw ShippingError(problem: "\(request.name): the checkpoint would take \(data.count) bytes (\(storage == .f16 ? "float16" : "float32")), "
                + "more than the \(request.maxBytes) allowed; train a smaller model"
                + (storage == .f32 ? String(format: " (float16 moved test L_R by %.4f, not under %.2f)", abs(f16.reconstruction - f32.reconstruction), request.tolerance) : ""))
        }
        let report = Report(url: URL(fileURLWithPath: "/"), storage: storage, f32: f32, f16: f16, bytes: data.count, model: shipped)
        return (data, report)
    }

    /// Prepares and writes `<folder>/<name>.safetensors` atomically; nothing is written on failure.
    package static func ship(_ model: ModelFile, _ request: Request, to folder: URL) throws -> Report {
        var (data, report) = try prepare(model, request)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        report.url = folder.appendingPathComponent("\(request.name).\(ModelFile.fileExtension)")
        try AtomicFile.write(data, to: report.url)
        return report
    }
}

package struct ShippingError: Error, CustomStringConvertible, LocalizedError {
    package var problem: String
    package init(problem: String) { self.problem = problem }
    package var description: String { problem }
    package var errorDescription: String? { problem }
}
