import Foundation

/// What happened during training, for whoever shows progress (the CLI's progress bar, a test).
package enum TrainingEvent: Sendable {
    /// A step was taken: its losses and the rates it used.
    case step(TrainingStepReport)
    /// A step's loss or gradients were not finite: the update was skipped.
    case skipped(step: Int, reason: String, consecutive: Int)
    case validation(step: Int, figures: Losses, isBest: Bool)
    case checkpoint(step: Int, url: URL)
}

/// Why `Trainer.run` returned.
package enum TrainingStop: Sendable, Equatable {
    case reachedSteps
    case reachedTimeLimit
    case interrupted
}

package enum TrainingError: Error, CustomStringConvertible, LocalizedError {
    case nonFinite(step: Int, consecutive: Int, lastCheckpoint: String?)
    case diverged(step: Int, problem: String, lastCheckpoint: String?)
    case writeFailed(step: Int, problem: String, lastCheckpoint: String?)
    case badOptions(String)

    package var description: String {
        func intact(_ checkpoint: String?) -> String {
            checkpoint.map { "The last good checkpoint, \($0), is intact." } ?? "No checkpoint had been written yet."
        }
        switch self {
        case .nonFinite(let step, let n, let checkpoint):
            return "training stopped at step \(step): \(n) steps in a row gave a NaN or infinite loss or gradient "
                + "(try a lower learning rate or gradient clipping). " + intact(checkpoint)
        case .diverged(let step, let problem, let checkpoint):
            return "training stopped at step \(step): the weights diverged (\(problem); try a lower learning rate or gradient clipping). "
                + intact(checkpoint)
        case .writeFailed(let step, let problem, let checkpoint):
            return "training stopped at step \(step): \(problem). " + intact(checkpoint)
                + (checkpoint == nil ? "" : " Free some space and resume the run.")
        case .badOptions(let why):
            return why
        }
    }
    package var errorDescription: String? { description }
}

/// The training loop (docs/model.md §3): batches, steps, validation at a fixed interval with the un-annealed
/// loss, the best weights kept, checkpoints written atomically, a wall-clock budget, Ctrl-C, and the
/// NaN guard. Files in `outputFolder`: `best.safetensors`, `state.safetensors`, `log.jsonl`, `loss.svg`.
package final class Trainer {
    package private(set) var state: TrainingState
    package let outputFolder: URL
    private var stepper: TrainingStepper
    private var batcher: Batcher
    private let evaluator: Evaluator
    private let validation: [Sketch]
    /// Nil on every rank but the leader, which alone writes the run's files.
    private let log: TrainingLog?
    /// The ranks training together (one process: `SingleProcess`); this rank computes `shard`'s rows.
    package let communicator: Communicator
    private let shard: BatchShard
    private var consecutiveNonFinite = 0
    private var lastCheckpoint: URL?
    private var lastReport: TrainingStepReport?
    /// Called for every event; the CLI draws its progress from these.
    package var onEvent: (TrainingEvent) -> Void = { _ in }
    /// A run name for model files and the loss curve's title.
    package var name: String

    package var bestURL: URL { outputFolder.appendingPathComponent("best.safetensors") }
    package var stateURL: URL { outputFolder.appendingPathComponent("state.safetensors") }
    package var logURL: URL { outputFolder.appendingPathComponent("log.jsonl") }
    package var lossCurveURL: URL { outputFolder.appendingPathComponent("loss.svg") }

    /// - Parameters:
    ///   - state: a fresh state, or one read back from `state.safetensors` to resume.
    ///   - train, validation: the splits, normalised, already filtered to Nmax.
    ///   - resuming: keep the log up to the state's step instead of starting a new one.
    ///   - communicator: the ranks of a distributed run (docs/distributed.md); each computes its
    ///     share of every global batch (`state.training.batchSize`), and only rank 0 writes files.
    ///   - precision: the recurrent products' arithmetic (`ProductPrecision`); the weights, the optimiser
    ///     and the checkpoints stay fp32, so a run resumes in either.
    package init(state: TrainingState, outputFolder: URL, name: String, resuming: Bool,
                train: [Sketch], validation: [Sketch], communicator: Communicator = SingleProcess(),
                precision: ProductPrecision = .fp32) throws {
        if let problem = state.training.validationProblem() { throw TrainingError.badOptions(problem) }
        let ranks = communicator.size, globalBatch = state.training.batchSize
        guard globalBatch % ranks == 0 else { throw DistributedError.batchNotDivisible(batch: globalBatch, ranks: ranks) }
        let share = globalBatch / ranks
        self.communicator = communicator
        self.shard = BatchShard(firstRow: communicator.rank * share, globalRows: globalBatch, communicator: communicator)
        if communicator.isLeader {
            try Self.prepare(outputFolder)
        }
        self.state = state
        self.outputFolder = outputFolder
        self.name = name
        self.validation = validation
        let options = state.training.batcherOptions(startToken: state.config.firstInput)
        self.batcher = try Batcher(sketches: train, nmax: state.config.nmax, options: options, seed: state.batcherSeed)
        if let saved = state.batcher { batcher.state = saved }
        var training = state.training
        training.batchSize = share
        self.stepper = try TrainingStepper(config: state.config, training: training, precision: precision)
        self.evaluator = Evaluator(graph: stepper.graph)
        self.log = communicator.isLeader
            ? try TrainingLog(url: outputFolder.appendingPathComponent("log.jsonl"), keepThrough: resuming ? state.step : nil)
            : nil
        if resuming { lastCheckpoint = stateURL }
    }

    /// Makes the output folder and clears what a killed run left in it (this run is now the only writer).
    private static func prepare(_ outputFolder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        } catch {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: outputFolder.path, isDirectory: &isFolder)
            throw AtomicFile.WriteError(path: outputFolder.path, reason: exists && !isFolder.boolValue
                ? "it is a file, not a folder (the run's files go in a folder)" : AtomicFile.describe(error))
        }
        // A run killed while writing leaves its temporary files; this run is now the only writer.
        for file in ["best.safetensors", "state.safetensors", "log.jsonl", "loss.svg"] {
            AtomicFile.removeStaleTemporaries(of: outputFolder.appendingPathComponent(file))
        }
    }

    /// Trains until `steps` steps in all, or `deadline`, or `shouldStop()` turns true (checked before
    /// every step). Ends with a validation (unless interrupted) and a checkpoint.
    ///
    /// A write that fails (a full disk) stops the run with `TrainingError.writeFailed`; the last
    /// checkpoint written stays whole, since every file is replaced atomically.
    @discardableResult
    package func run(steps: Int, deadline: Date? = nil, shouldStop: () -> Bool = { false }) throws -> TrainingStop {
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
            // Every rank stops at the same step: a Ctrl-C or a deadline on any rank stops them all.
            let (interrupted, late) = communicator.any(shouldStop(), deadline.map { Date() >= $0 } ?? false)
            if interrupted { stop = .interrupted; break }
            if late { stop = .reachedTimeLimit; break }
            let began = Date()
            let batch = batcher.trainingBatch(rows: shard.firstRow ..< shard.firstRow + stepper.training.batchSize)
            state.batcher = batcher.state
            let outcome = stepper.step(state: &state, batch: batch, shard: shard)
            state.step += 1
            state.elapsedSeconds = elapsedBefore + Date().timeIntervalSince(runStart)
            switch outcome {
            case .updated(var report):
                consecutiveNonFinite = 0
                report.seconds = Date().timeIntervalSince(began)
                lastReport = report
                onEvent(.step(report))
                if let log, state.step % state.training.logEvery == 0 && state.step % state.training.evalEvery != 0 {
                    try log.append(record(report, validation: nil))
                }
                if let log, state.step % state.training.evalEvery == 0 {
                    let figures = validate()
                    lastValidatedStep = state.step
                    try log.append(record(report, validation: figures))
                    try writeLossCurve(log)
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
        if let log, (stop != .interrupted || state.bestValidation == nil) && lastValidatedStep != state.step && state.step > 0 {
            let figures = validate()
            if let last = lastReport, last.step == state.step { try log.appendOrReplaceLast(record(last, validation: figures)) }
            try writeLossCurve(log)
        }
        state.elapsedSeconds = elapsedBefore + Date().timeIntervalSince(runStart)
        try writeCheckpoint()
        return stop
    }

    /// The validation figures of the present weights; writes `best.safetensors` when they are the best.
    @discardableResult
    package func validate() -> Losses {
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

    /// Writes `state.safetensors` (on the leader; the other ranks hold the same state and write nothing).
    package func writeCheckpoint() throws {
        guard communicator.isLeader else { return }
        try state.write(to: stateURL, name: name)
        lastCheckpoint = stateURL
        onEvent(.checkpoint(step: state.step, url: stateURL))
    }

    private func writeBest() throws {
        try state.modelFile(name: name).save(to: bestURL)
    }

    private func writeLossCurve(_ log: TrainingLog) throws {
        try AtomicFile.write(LossCurveSVG(records: log.records, title: "\(name): loss").render(), to: lossCurveURL)
    }

    private func record(_ r: TrainingStepReport, validation: Losses?) -> TrainingLogRecord {
        TrainingLogRecord(step: r.step, training: r.losses, learningRate: r.learningRate, klWeight: r.klWeight,
                          sketchesPerSecond: r.seconds > 0 ? Float(Double(r.losses.sketches) / r.seconds) : nil,
                          elapsedSeconds: state.elapsedSeconds, validation: validation)
    }
}
