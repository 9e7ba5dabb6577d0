import Foundation

/// One line of `log.jsonl`: the training figures at a step, and the validation figures when the step
/// was also a validation step.
package struct TrainingLogRecord: Equatable, Sendable {
    package var step: Int
    /// The batch's losses: `total` as optimised, `L_R + klw · max(L_KL, KL_min)`, and the raw
    /// (unfloored) KL. The log keeps `loss`, `L_R` and `L_KL` of them (`L_s`, `L_p` read back as NaN).
    package var training: Losses
    package var learningRate: Float
    package var klWeight: Float
    package var sketchesPerSecond: Float?
    package var elapsedSeconds: Double?
    package var validation: Losses?

    package init(step: Int, training: Losses, learningRate: Float, klWeight: Float,
                sketchesPerSecond: Float? = nil, elapsedSeconds: Double? = nil, validation: Losses? = nil) {
        self.step = step
        self.training = training
        self.learningRate = learningRate
        self.klWeight = klWeight
        self.sketchesPerSecond = sketchesPerSecond
        self.elapsedSeconds = elapsedSeconds
        self.validation = validation
    }

    /// The training terms a line holds.
    private static let trainingTerms: Set<String> = ["loss", "L_R", "L_KL"]

    /// The JSON object, keys in a fixed, readable order.
    package var jsonLine: String {
        var fields: [(String, String)] = [("step", "\(step)")] + training.jsonFields(Self.trainingTerms)
            + [("lr", json(learningRate)), ("kl_weight", json(klWeight))]
        if let s = sketchesPerSecond { fields.append(("sketches_per_s", json(s))) }
        if let e = elapsedSeconds { fields.append(("elapsed_s", String(format: "%.1f", e))) }
        if let v = validation { fields += v.jsonFields(prefix: "valid_") }
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// Parses a line written by `jsonLine` (used to resume a log and redraw the loss curve).
    package init?(jsonLine: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(jsonLine.utf8)) as? [String: Any],
              let step = (object["step"] as? NSNumber)?.intValue else { return nil }
        func f(_ key: String) -> Float? { (object[key] as? NSNumber)?.floatValue }
        self.init(step: step, training: Losses(jsonObject: object), learningRate: f("lr") ?? .nan, klWeight: f("kl_weight") ?? .nan,
                  sketchesPerSecond: f("sketches_per_s"), elapsedSeconds: (object["elapsed_s"] as? NSNumber)?.doubleValue)
        if f("valid_loss") != nil { validation = Losses(jsonObject: object, prefix: "valid_") }
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
