import Foundation

/// What happened during training, for whoever shows progress (the CLI's progress bar, a test).
public enum TrainingEvent: Sendable {
    /// A step was taken: its losses and the rates it used.
    case step(TrainingStepReport)
    /// A step's loss or gradients were not finite: the update was skipped.
    case skipped(step: Int, reason: String, consecutive: Int)
    case validation(step: Int, figures: Losses, isBest: Bool)
    case checkpoint(step: Int, url: URL)
}

/// Why `Trainer.run` returned.
public enum TrainingStop: Sendable, Equatable {
    case reachedSteps
    case reachedTimeLimit
    case interrupted
}

public enum TrainingError: Error, CustomStringConvertible, LocalizedError {
    case nonFinite(step: Int, consecutive: Int, lastCheckpoint: String?)
    case diverged(step: Int, problem: String, lastCheckpoint: String?)
    case writeFailed(step: Int, problem: String, lastCheckpoint: String?)
    case badOptions(String)

    public var description: String {
        func intact(_ checkpoint: String?) -> String {
            checkpoint.map { "The last good checkpoint, \($0), is intact." } ?? "No checkpoint had been written yet."
        }
        switch self {
        case .nonFinite(let step, let n, let checkpoint):
            return "training stopped at step \(step): \(n) steps in a row gave a NaN or infinite loss or gradient "
                + "(try a lower --lr or gradient clipping). " + intact(checkpoint)
        case .diverged(let step, let problem, let checkpoint):
            return "training stopped at step \(step): the weights diverged (\(problem); try a lower --lr or gradient clipping). "
                + intact(checkpoint)
        case .writeFailed(let step, let problem, let checkpoint):
            return "training stopped at step \(step): \(problem). " + intact(checkpoint)
                + (checkpoint == nil ? "" : " Free some space and continue with --resume.")
        case .badOptions(let why):
            return why
        }
    }
    public var errorDescription: String? { description }
}

/// The training loop (docs/model.md §3): batches, steps, validation at a fixed interval with the un-annealed
/// loss, the best weights kept, checkpoints written atomically, a wall-clock budget, Ctrl-C, and the
/// NaN guard. Files in `outputFolder`: `best.safetensors`, `state.safetensors`, `log.jsonl`, `loss.svg`.
public final class Trainer {
    public private(set) var state: TrainingState
    public let outputFolder: URL
    private var stepper: TrainingStepper
    private var batcher: Batcher
    private let evaluator: Evaluator
    private let validation: [Sketch]
    private let log: TrainingLog
    private var consecutiveNonFinite = 0
    private var lastCheckpoint: URL?
    private var lastReport: TrainingStepReport?
    /// Called for every event; the CLI draws its progress from these.
    public var onEvent: (TrainingEvent) -> Void = { _ in }
    /// A run name for model files and the loss curve's title.
    public var name: String

    public var bestURL: URL { outputFolder.appendingPathComponent("best.safetensors") }
    public var stateURL: URL { outputFolder.appendingPathComponent("state.safetensors") }
    public var logURL: URL { outputFolder.appendingPathComponent("log.jsonl") }
    public var lossCurveURL: URL { outputFolder.appendingPathComponent("loss.svg") }

    /// - Parameters:
    ///   - state: a fresh state, or one read back from `state.safetensors` to resume.
    ///   - train, validation: the splits, normalised, already filtered to Nmax.
    ///   - resuming: keep the log up to the state's step instead of starting a new one.
    public init(state: TrainingState, outputFolder: URL, name: String, resuming: Bool,
                train: [Sketch], validation: [Sketch]) throws {
        if let problem = state.training.validationProblem() { throw TrainingError.badOptions(problem) }
        do {
            try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        } catch {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: outputFolder.path, isDirectory: &isFolder)
            throw AtomicFile.WriteError(path: outputFolder.path, reason: exists && !isFolder.boolValue
                ? "it is a file, not a folder (the run's files go in a folder)" : AtomicFile.describe(error))
        }
        self.state = state
        self.outputFolder = outputFolder
        self.name = name
        self.validation = validation
        let options = state.training.batcherOptions(startToken: state.config.firstInput)
        self.batcher = try Batcher(sketches: train, nmax: state.config.nmax, options: options, seed: state.batcherSeed)
        if let saved = state.batcher { batcher.state = saved }
        self.stepper = try TrainingStepper(config: state.config, training: state.training)
        self.evaluator = Evaluator(graph: stepper.graph)
        // A run killed while writing leaves its temporary files; this run is now the only writer.
        for file in ["best.safetensors", "state.safetensors", "log.jsonl", "loss.svg"] {
            AtomicFile.removeStaleTemporaries(of: outputFolder.appendingPathComponent(file))
        }
        self.log = try TrainingLog(url: outputFolder.appendingPathComponent("log.jsonl"), keepThrough: resuming ? state.step : nil)
        if resuming { lastCheckpoint = stateURL }
    }

    /// Trains until `steps` steps in all, or `deadline`, or `shouldStop()` turns true (checked before
    /// every step). Ends with a validation (unless interrupted) and a checkpoint.
    ///
    /// A write that fails (a full disk) stops the run with `TrainingError.writeFailed`; the last
    /// checkpoint written stays whole, since every file is replaced atomically.
    @discardableResult
    public func run(steps: Int, deadline: Date? = nil, shouldStop: () -> Bool = { false }) throws -> TrainingStop {
        do {
            return try runSteps(steps, deadline: deadline, shouldStop: shouldStop)
        } catch let error as AtomicFile.WriteError {
            throw TrainingError.writeFailed(step: state.step, problem: error.description, lastCheckpoint: lastCheckpoint?.path)
        }
    }

    private func runSteps(_ steps: Int, deadline: Date?, shouldStop: () -> Bool) throws -> TrainingStop {
        let runStart = Date()
        let elapsedBefore = state.elapsedSeconds
        var stop = TrainingStop.reachedSteps
        var lastValidatedStep = -1
        while state.step < steps {
            if shouldStop() { stop = .interrupted; break }
            if let deadline, Date() >= deadline { stop = .reachedTimeLimit; break }
            let began = Date()
            var batch = batcher.trainingBatch()
            state.batcher = batcher.state
            if let corrupt = corruptBatch { corrupt(state.step, &batch) }
            let outcome = stepper.step(state: &state, batch: batch)
            state.step += 1
            state.elapsedSeconds = elapsedBefore + Date().timeIntervalSince(runStart)
            switch outcome {
            case .updated(var report):
                consecutiveNonFinite = 0
                report.seconds = Date().timeIntervalSince(began)
                lastReport = report
                onEvent(.step(report))
                if state.step % state.training.logEvery == 0 && state.step % state.training.evalEvery != 0 {
                    try log.append(record(report, validation: nil))
                }
                if state.step % state.training.evalEvery == 0 {
                    let figures = validate()
                    lastValidatedStep = state.step
                    try log.append(record(report, validation: figures))
                    try writeLossCurve()
                }
            case .skipped(let reason):
                consecutiveNonFinite += 1
                onEvent(.skipped(step: state.step, reason: reason, consecutive: consecutiveNonFinite))
                if consecutiveNonFinite >= state.training.maxConsecutiveNonFinite {
                    throw TrainingError.nonFinite(step: state.step, consecutive: consecutiveNonFinite, lastCheckpoint: lastCheckpoint?.path)
                }
            case .diverged(let problem):
                throw TrainingError.diverged(step: state.step, problem: problem, lastCheckpoint: lastCheckpoint?.path)
            }
            // No checkpoint inside a streak of non-finite steps: the last one written stays the good one.
            if state.step % state.training.checkpointEvery == 0 && consecutiveNonFinite == 0 { try writeCheckpoint() }
        }
        // An interrupted run skips the final validation to exit quickly, unless no best model exists yet.
        if (stop != .interrupted || state.bestValidation == nil) && lastValidatedStep != state.step && state.step > 0 {
            let figures = validate()
            if let last = lastReport, last.step == state.step { try log.appendOrReplaceLast(record(last, validation: figures)) }
            try writeLossCurve()
        }
        state.elapsedSeconds = elapsedBefore + Date().timeIntervalSince(runStart)
        try writeCheckpoint()
        return stop
    }

    /// The validation figures of the present weights; writes `best.safetensors` when they are the best.
    @discardableResult
    public func validate() -> Losses {
        let figures: Losses
        do {
            figures = try evaluator.evaluate(parameters: state.parameters, sketches: validation, klWeight: state.training.klWeight.weight)
        } catch {
            onEvent(.skipped(step: state.step, reason: "validation failed: \(error)", consecutive: 0))
            return .unavailable
        }
        let isBest = figures.total.isFinite && (state.bestValidation.map { figures.total < $0.total } ?? true)
        if isBest {
            state.bestValidation = figures
            state.bestStep = state.step
            do { try writeBest() } catch { onEvent(.skipped(step: state.step, reason: "cannot write best.safetensors: \(error)", consecutive: 0)) }
        }
        onEvent(.validation(step: state.step, figures: figures, isBest: isBest))
        return figures
    }

    public func writeCheckpoint() throws {
        try state.write(to: stateURL, name: name)
        lastCheckpoint = stateURL
        onEvent(.checkpoint(step: state.step, url: stateURL))
    }

    private func writeBest() throws {
        try state.modelFile(name: name).save(to: bestURL)
    }

    private func writeLossCurve() throws {
        try AtomicFile.write(LossCurveSVG(records: log.records, title: "\(name): loss").render(), to: lossCurveURL)
    }

    private func record(_ r: TrainingStepReport, validation: Losses?) -> TrainingLogRecord {
        TrainingLogRecord(step: r.step, training: r.losses, learningRate: r.learningRate, klWeight: r.klWeight,
                          sketchesPerSecond: r.seconds > 0 ? Float(Double(r.losses.sketches) / r.seconds) : nil,
                          elapsedSeconds: state.elapsedSeconds, validation: validation)
    }

    /// Tests inject NaNs through this (step, batch) hook; nil in real runs.
    var corruptBatch: ((Int, inout StrokeBatch) -> Void)?
}
