import Foundation

/// One line of `log.jsonl`: the training figures at a step, and the validation figures when the step
/// was also a validation step.
package struct TrainingLogRecord: Equatable, Sendable {
    package var step: Int
    /// The training loss as optimised: `L_R + klw · max(L_KL, KL_min)`.
    package var loss: Float
    package var reconstruction: Float
    /// Raw (unfloored) KL of the batch.
    package var kl: Float
    package var learningRate: Float
    package var klWeight: Float
    package var sketchesPerSecond: Float?
    package var elapsedSeconds: Double?
    package var validation: EvaluationFigures?

    package init(step: Int, loss: Float, reconstruction: Float, kl: Float, learningRate: Float, klWeight: Float,
                sketchesPerSecond: Float? = nil, elapsedSeconds: Double? = nil, validation: EvaluationFigures? = nil) {
        self.step = step
        self.loss = loss
        self.reconstruction = reconstruction
        self.kl = kl
        self.learningRate = learningRate
        self.klWeight = klWeight
        self.sketchesPerSecond = sketchesPerSecond
        self.elapsedSeconds = elapsedSeconds
        self.validation = validation
    }

    /// The JSON object, keys in a fixed, readable order.
    package var jsonLine: String {
        var fields: [(String, String)] = [
            ("step", "\(step)"), ("loss", json(loss)), ("L_R", json(reconstruction)), ("L_KL", json(kl)),
            ("lr", json(learningRate)), ("kl_weight", json(klWeight)),
        ]
        if let s = sketchesPerSecond { fields.append(("sketches_per_s", json(s))) }
        if let e = elapsedSeconds { fields.append(("elapsed_s", String(format: "%.1f", e))) }
        if let v = validation {
            fields += [("valid_loss", json(v.loss)), ("valid_L_R", json(v.reconstruction)),
                       ("valid_L_s", json(v.offsetLoss)), ("valid_L_p", json(v.penLoss)), ("valid_L_KL", json(v.kl))]
        }
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// Parses a line written by `jsonLine` (used to resume a log and redraw the loss curve).
    package init?(jsonLine: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(jsonLine.utf8)) as? [String: Any],
              let step = (object["step"] as? NSNumber)?.intValue else { return nil }
        func f(_ key: String) -> Float? { (object[key] as? NSNumber)?.floatValue }
        self.init(step: step, loss: f("loss") ?? .nan, reconstruction: f("L_R") ?? .nan, kl: f("L_KL") ?? .nan,
                  learningRate: f("lr") ?? .nan, klWeight: f("kl_weight") ?? .nan,
                  sketchesPerSecond: f("sketches_per_s"), elapsedSeconds: (object["elapsed_s"] as? NSNumber)?.doubleValue)
        if let loss = f("valid_loss") {
            validation = EvaluationFigures(loss: loss, reconstruction: f("valid_L_R") ?? .nan, offsetLoss: f("valid_L_s") ?? .nan,
                                           penLoss: f("valid_L_p") ?? .nan, kl: f("valid_L_KL") ?? .nan, sketches: 0)
        }
    }

    private func json(_ x: Float) -> String { x.isFinite ? "\(x)" : "null" }
}

/// `log.jsonl`: appended line by line (each line flushed, so a killed run keeps what it logged).
/// On resume the lines past the resumed step are dropped, so the log reads as one run. A line is
/// written whole or not at all: a failed write (a full disk) is cut back off and reported, and a
/// reader skips a torn last line that a power cut could still leave.
package final class TrainingLog {
    package let url: URL
    package private(set) var records: [TrainingLogRecord] = []
    private var handle: FileHandle?

    /// Opens the log, keeping only the records up to `keepThrough` (nil: start a new log).
    package init(url: URL, keepThrough: Int?) throws {
        self.url = url
        if let last = keepThrough, let text = try? String(contentsOf: url, encoding: .utf8) {
            records = text.split(separator: "\n").compactMap { TrainingLogRecord(jsonLine: String($0)) }
                .filter { $0.step <= last }
        }
        let kept = records.map(\.jsonLine).joined(separator: "\n") + (records.isEmpty ? "" : "\n")
        try AtomicFile.write(kept, to: url)
        handle = try FileHandle(forWritingTo: url)
        try handle?.seekToEnd()
    }

    package func append(_ record: TrainingLogRecord) throws {
        guard let handle else { return }
        let end = try handle.offset()
        do {
            try handle.write(contentsOf: Data((record.jsonLine + "\n").utf8))
        } catch {
            try? handle.truncate(atOffset: end)
            throw AtomicFile.WriteError(path: url.path, reason: AtomicFile.describe(error))
        }
        records.append(record)
    }

    /// Appends `record`, or replaces the last record when it is of the same step (a run's final
    /// validation adds its figures to the step's line). Rewrites the file in that case.
    package func appendOrReplaceLast(_ record: TrainingLogRecord) throws {
        guard records.last?.step == record.step else { return try append(record) }
        records[records.count - 1] = record
        try? handle?.close()
        try AtomicFile.write(records.map { $0.jsonLine + "\n" }.joined(), to: url)
        handle = try FileHandle(forWritingTo: url)
        try handle?.seekToEnd()
    }

    deinit { try? handle?.close() }
}
