import ArgumentParser
import Foundation
import SketchCheckpoints
import SketchRNN

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a sketch-rnn model (VAE or decoder-only) on sketch-rnn .npz data.",
        discussion: """
        Writes into --out: best.safetensors (the weights of the best validation step, a model every \
        command loads), state.safetensors (what --resume needs), log.jsonl and loss.svg. Defaults are \
        magenta's (docs/model.md §3). Ctrl-C writes a checkpoint and exits; `--resume` continues exactly from it \
        (the model and training settings come from the checkpoint, and a flag that contradicts them is \
        refused; --steps is the total to reach).
        """
    )

    @OptionGroup(title: "Data") var dataOptions: TrainDataOptions
    @OptionGroup(title: "Model") var model: TrainModelOptions
    @OptionGroup(title: "Training") var schedule: TrainScheduleOptions
    @OptionGroup(title: "Run") var runOptions: TrainRunOptions
    @OptionGroup(title: "Performance") var threads: ThreadsOption
    @OptionGroup(title: "Performance") var precision: PrecisionOption

    /// The checkpoint to resume: rank 0 reads it and hands its bytes to the others, so only rank 0's
    /// machine needs `--out`.
    private func readState(_ url: URL, world: Communicator) throws -> TrainingState {
        guard world.size > 1 else { return try TrainingState.read(from: url) }
        var bytes: [UInt8] = []
        var problem: String?
        if world.isLeader {
            do { bytes = [UInt8](try Data(contentsOf: url)) } catch { problem = "cannot read \(url.path): \(error.localizedDescription)" }
        }
        if let problem { throw ValidationError(problem) }
        let shared = world.broadcast(bytes, from: 0)
        return try TrainingState.read(ModelFile.decode(Data(shared), name: url.path), name: url.path)
    }

    /// Every flag that sets the model or the training procedure.
    var settingFlags: [SettingFlag] { model.flags + schedule.flags + dataOptions.flags }

    func validate() throws {
        if runOptions.steps == nil && runOptions.minutes == nil { throw ValidationError("give --steps, --minutes or both") }
        if let steps = runOptions.steps, steps < 1 { throw ValidationError("--steps must be at least 1") }
        if let minutes = runOptions.minutes, !(minutes > 0) { throw ValidationError("--minutes must be positive") }
        if dataOptions.data.isEmpty { throw ValidationError("--data needs at least one .npz file") }
    }

    func run() throws {
        let world = try World.join()
        do {
            try train(world)
            world.finish()
        } catch where world.size > 1 {
            // The other ranks would wait for this one in their next collective: end them all.
            let message = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
            world.abort("sketch: error (rank \(world.rank) of \(world.size)): \(message)", status: 1)
        }
    }

    /// Trains as one rank of `world` (one process: the only rank): every rank runs this alike and
    /// computes its share of each batch; rank 0 alone reads the checkpoint, prints and writes.
    private func train(_ world: Communicator) throws {
        threads.apply()
        let leader = world.isLeader
        let (state, dataSet) = try startingState(world)
        let runName = runOptions.name ?? state.dataSets.joined(separator: "+")
        let trainer = try Trainer(state: state, outputFolder: URL(fileURLWithPath: runOptions.out), name: runName,
                                  resuming: runOptions.resume, train: dataSet.train, validation: dataSet.valid,
                                  communicator: world, precision: precision.precision)
        let targetSteps = runOptions.steps ?? Int.max
        let deadline = runOptions.minutes.map { Date().addingTimeInterval($0 * 60) }
        if leader { print(summary(of: state, runName, dataSet, ranks: world.size)) }
        let progress = leader ? TrainingProgress(targetSteps: targetSteps, startStep: state.step, deadline: deadline) : nil
        // After a Ctrl-C, mpirun stops reading the ranks' output while it waits to signal them: rank 0
        // would block on its next line and never write the checkpoint. So its output never blocks (a
        // line mpirun cannot take is dropped), and it stays quiet from the interrupt on.
        let quietOnInterrupt = world.size > 1
        if quietOnInterrupt && leader {
            for fd in [STDOUT_FILENO, STDERR_FILENO] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        }
        trainer.onEvent = { event in if !(quietOnInterrupt && InterruptFlag.isSet) { progress?.handle(event) } }
        InterruptFlag.install()
        if leader, let note = World.interruptNote { ErrorReport.note(note) }
        let stop: TrainingStop
        do {
            stop = try trainer.run(steps: targetSteps, deadline: deadline, shouldStop: { InterruptFlag.isSet })
        } catch let error as TrainingError {
            throw CommandLineError(message: error.description + error.commandLineHint)
        }
        guard let progress, !(quietOnInterrupt && stop == .interrupted) else { return }
        progress.finish()
        report(stop, trainer, progress, ranks: world.size)
    }

    /// The state to train from, and the data: resumed from --out, started from --init's weights, or new.
    private func startingState(_ world: Communicator) throws -> (TrainingState, SketchDataSet) {
        let urls = try DataSetArguments.urls(dataOptions.data)
        let given = Self.longFlagsOnCommandLine()
        let (state, dataSet): (TrainingState, SketchDataSet)
        if runOptions.resume {
            (state, dataSet) = try resumedState(urls, given: given, world: world)
        } else {
            let stateURL = URL(fileURLWithPath: runOptions.out).appendingPathComponent("state.safetensors")
            if world.isLeader && FileManager.default.fileExists(atPath: stateURL.path) {
                throw ValidationError("\(runOptions.out) already holds a training run (state.safetensors): add --resume to continue it, or choose another --out")
            }
            if let initial = runOptions.initialModel {
                (state, dataSet) = try fineTuningState(urls, initial: initial, given: given, leader: world.isLeader)
            } else {
                (state, dataSet) = try newState(urls)
            }
        }
        if dataSet.valid.isEmpty {
            throw ValidationError("\(dataOptions.data.joined(separator: ", ")): no validation sketches of at most \(state.config.nmax) points; training needs a valid split to keep the best model")
        }
        return (state, dataSet)
    }

    /// --resume: the checkpoint's settings, with the pacing flags given.
    private func resumedState(_ urls: [URL], given: Set<String>, world: Communicator) throws -> (TrainingState, SketchDataSet) {
        let stateURL = URL(fileURLWithPath: runOptions.out).appendingPathComponent("state.safetensors")
        var state = try readState(stateURL, world: world)
        let dataSet = try SketchDataSet.load(urls, nmax: state.config.nmax, scaleFactor: state.scaleFactor)
        let names = dataSet.names
        if names != state.dataSets && world.isLeader {
            print("note: the checkpoint was trained on \(state.dataSets.joined(separator: ", ")); continuing on \(names.joined(separator: ", "))")
        }
        // The run's pacing may change on resume; the model and the procedure may not.
        let conflicts = settingsConflicting(with: state)
        if !conflicts.isEmpty {
            throw ValidationError("\(stateURL.path): a resumed run keeps its checkpoint's settings; drop or correct "
                + conflicts.joined(separator: ", ") + ", or train anew into another --out")
        }
        var settings = RunSettings(config: state.config, training: state.training)
        for flag in runOptions.pacingFlags where given.contains(flag.flag) { flag.apply(&settings) }
        state.training = settings.training
        if let problem = state.training.validationProblem() { throw ValidationError(problem) }
        if world.isLeader {
            print("resuming \(stateURL.path) at step \(state.step)" + (world.size > 1 ? " on \(world.size) ranks" : ""))
        }
        return (state, dataSet)
    }

    /// --init: the model's shape and weights, with a fresh optimiser and the training flags.
    private func fineTuningState(_ urls: [URL], initial: String, given: Set<String>, leader: Bool) throws -> (TrainingState, SketchDataSet) {
        let start = try ModelFile.load(try Checkpoints.resolve(initial))
        let dataSet = try SketchDataSet.load(urls, nmax: start.config.nmax, scaleFactor: start.info.scaleFactor)
        var settings = RunSettings(config: start.config, training: RunSettings.defaults.training)
        let conflicts = model.flags.filter { given.contains($0.flag) && !($0.vaeOnly && !start.config.isVAE) && $0.contradicts(settings) }
        if !conflicts.isEmpty {
            throw ValidationError("--init \(initial): the model's shape is kept; drop or correct "
                + conflicts.map { "\($0.flag) \($0.given) (the model has \($0.current(settings)))" }.joined(separator: ", "))
        }
        for flag in schedule.flags + dataOptions.flags + runOptions.pacingFlags { flag.apply(&settings) }
        if let problem = settings.training.validationProblem() { throw ValidationError(problem) }
        var state = TrainingState(config: start.config, training: settings.training, scaleFactor: start.info.scaleFactor,
                                  dataSets: dataSet.names, parameters: start.parameters)
        state.startedFrom = Self.lineage(of: start)
        if leader { print("starting from \(initial)'s weights (step \(start.info.trainingStep) of its own run)") }
        return (state, dataSet)
    }

    /// What a run started with --init came from: the model's name, its steps and wall time, and
    /// what that model itself started from.
    static func lineage(of start: ModelFile) -> String {
        var text = "\(start.info.name) at step \(start.info.trainingStep)"
        if let seconds = start.info.notes["training_seconds"].flatMap(Double.init) {
            text += String(format: " (%.0f s of training)", seconds)
        }
        if let earlier = start.info.notes[TrainingState.startedFromKey] { text += ", which started from " + earlier }
        return text
    }

    /// A new run: every flag over the library's defaults.
    private func newState(_ urls: [URL]) throws -> (TrainingState, SketchDataSet) {
        let dataSet = try SketchDataSet.load(urls, nmax: model.maxSeqLen)
        try dataSet.checkScaleFactor()
        if model.maxSeqLen == nil {
            do { try dataSet.checkAutomaticNmax() } catch let error as DataSetError {
                throw CommandLineError(message: error.message + " (pass it with --max-seq-len)")
            }
        }
        var settings = RunSettings.defaults
        for flag in settingFlags + runOptions.pacingFlags { flag.apply(&settings) }
        settings.config.nmax = dataSet.nmax
        let config = settings.config, options = settings.training
        try config.validate()
        if let problem = options.validationProblem() { throw ValidationError(problem) }
        let state = TrainingState(config: config, training: options, scaleFactor: dataSet.scaleFactor,
                                  dataSets: dataSet.names, parameters: .initialized(config: config, seed: options.seed))
        return (state, dataSet)
    }

    /// The line that opens a run: the model, the data and how it is trained.
    private func summary(of state: TrainingState, _ runName: String, _ dataSet: SketchDataSet, ranks: Int) -> String {
        let config = state.config, options = state.training
        return "training \(runName): \(config.type.rawValue), \(config.cell.rawValue) decoder \(config.decoderSize)"
            + (config.isVAE ? ", encoder \(config.encoderSize), z \(config.latentSize)" : "")
            + ", \(state.parameters.count) parameters; \(dataSet.train.count)/\(dataSet.valid.count) train/valid sketches, "
            + "Nmax \(config.nmax), scale factor \(state.scaleFactor); pen loss \(options.penLoss.rawValue)"
            + "; \(precision.precision.kernelSummary)"
            + (ranks > 1 ? "; \(ranks) ranks × \(options.batchSize / ranks) sketches of each batch of \(options.batchSize)" : "")
    }

    /// How the run ended, its best validation and its files.
    private func report(_ stop: TrainingStop, _ trainer: Trainer, _ progress: TrainingProgress, ranks: Int) {
        let final = trainer.state
        switch stop {
        case .interrupted: print("interrupted at step \(final.step): checkpoint written; continue with --resume")
        case .reachedTimeLimit: print("time budget reached at step \(final.step)")
        case .reachedSteps: print("reached step \(final.step)")
        }
        if let best = final.bestValidation, let bestStep = final.bestStep {
            print(String(format: "best validation loss %.4f (L_R %.4f, L_KL %.4f) at step %d → %@", best.total, best.reconstruction,
                         best.kl, bestStep, trainer.bestURL.path))
        }
        print("state: \(trainer.stateURL.path); log: \(trainer.logURL.path); loss curve: \(trainer.lossCurveURL.path)")
        if ranks > 1, progress.steps > 0 {
            print(String(format: "gradient sum over %d ranks: %.1f ms a step on average, %.1f %% of a step's %.2f s",
                         ranks, 1000 * progress.reduceSeconds / Double(progress.steps),
                         100 * progress.reduceSeconds / max(progress.stepSeconds, 1e-9), progress.stepSeconds / Double(progress.steps)))
        }
    }
}

enum ModelTypeArgument: String, ExpressibleByArgument, CaseIterable {
    case vae, decoder
    init(_ type: ModelType) { self = type == .vae ? .vae : .decoder }
    var value: ModelType { self == .vae ? .vae : .decoder }
}

enum CellArgument: String, ExpressibleByArgument, CaseIterable {
    case lstm, layernorm, hyper

    init(_ cell: CellType) { self = Self.allCases.first { $0.value == cell } ?? .lstm }

    /// A cell as `--cell` spells it.
    static func spelling(_ cell: CellType) -> String { allCases.first { $0.value == cell }?.rawValue ?? cell.rawValue }
    var value: CellType {
        switch self {
        case .lstm: return .lstm
        case .layernorm: return .layerNorm
        case .hyper: return .hyper
        }
    }
}

enum PenLossArgument: String, ExpressibleByArgument, CaseIterable {
    case full, masked
    init(_ mode: PenLossMode) { self = mode == .full ? .full : .masked }
    var value: PenLossMode { self == .full ? .full : .masked }
}

extension TrainingError {
    /// The flags that act on the trouble, which the library's message cannot name.
    var commandLineHint: String {
        switch self {
        case .nonFinite, .diverged: return " (--lr sets the learning rate, --grad-clip the clipping.)"
        case .writeFailed(_, _, let checkpoint): return checkpoint == nil ? "" : " (Add --resume to the same command.)"
        case .badOptions: return ""
        }
    }
}

/// A library error with the command-line flags that act on it.
struct CommandLineError: Error, LocalizedError {
    var message: String
    var errorDescription: String? { message }
}
