import ArgumentParser
import Foundation
import SketchRNN

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a sketch-rnn model (VAE or decoder-only) on sketch-rnn .npz data.",
        discussion: """
        Writes into --out: best.safetensors (the weights of the best validation step, a model every \
        command loads), state.safetensors (what --resume needs), log.jsonl and loss.svg. Defaults are \
        magenta's (SPEC §3). Ctrl-C writes a checkpoint and exits; `--resume` continues exactly from it \
        (the model and training settings come from the checkpoint, and a flag that contradicts them is \
        refused; --steps is the total to reach).
        """
    )

    @Option(name: .customLong("data"), parsing: .upToNextOption, help: "One or more sketch-rnn .npz files (several = one data set).")
    var data: [String]
    @Option(help: "Model type: vae or decoder.") var type: ModelTypeArgument = .vae
    @Option(help: "Decoder cell: lstm, layernorm or hyper.") var cell: CellArgument = .lstm
    @Option(help: "Encoder units per direction (VAE).") var enc = 256
    @Option(help: "Decoder units.") var dec = 512
    @Option(help: "Latent size N_z (VAE).") var nz = 128
    @Option(help: "Mixture components M.") var mixtures = 20
    @Option(help: "Sketches per batch.") var batch = 100
    @Option(help: "Initial learning rate.") var lr: Float = 1e-3
    @Option(name: .customLong("lr-min"), help: "Learning-rate floor.") var lrMin: Float = 1e-5
    @Option(name: .customLong("lr-decay"), help: "Learning-rate decay per step.") var lrDecay: Float = 0.9999
    @Option(name: .customLong("kl-weight"), help: "w_KL.") var klWeight: Float = 0.5
    @Option(name: .customLong("kl-weight-start"), help: "KL weight at step 0 (absolute).") var klWeightStart: Float = 0.01
    @Option(name: .customLong("kl-decay"), help: "KL annealing rate R.") var klDecay: Float = 0.99995
    @Option(name: .customLong("kl-min"), help: "KL_min, the floor of the KL term.") var klMin: Float = 0.2
    @Option(name: .customLong("grad-clip"), help: "Gradient clip (by value; by norm with --clip-norm; 0 = none).") var gradClip: Float = 1
    @Flag(name: .customLong("clip-norm"), help: "Clip the gradient's global L2 norm instead of each value.") var clipNorm = false
    @Option(name: .customLong("dropout-keep"), help: "Recurrent dropout keep probability (1 = off).") var dropoutKeep: Float = 0.9
    @Option(name: .customLong("random-scale"), help: "Scale augmentation range r: factors in [1-r, 1+r].") var randomScale: Float = 0.15
    @Option(name: .customLong("stroke-drop"), help: "Point-dropping augmentation probability.") var strokeDrop: Float = 0.1
    @Option(name: .customLong("max-seq-len"), help: "Nmax (default: the longest sketch over all splits, as TF).") var maxSeqLen: Int?
    @Option(name: .customLong("pen-loss"), help: ArgumentHelp(
        "full (the paper's: batches padded to Nmax) or masked (length-aware, faster).",
        discussion: "masked trains on length buckets cut to their longest sketch plus --end-rows end rows; the pen loss counts up to each end token and those end rows.")) var penLoss: PenLossArgument = .full
    @Option(name: .customLong("end-rows"), help: "End rows kept after a bucket's longest sketch in masked mode.") var endRows = 16
    @Option(help: "Stop after this many steps in all (default: none; then --minutes must be given).") var steps: Int?
    @Option(help: "Wall-clock budget of this run in minutes.") var minutes: Double?
    @Option(help: "Output folder.") var out: String
    @Flag(help: "Continue from --out's state.safetensors.") var resume = false
    @Option(help: "Random seed (initial weights, batches, dropout, z).") var seed: UInt64 = 1
    @Option(name: .customLong("log-every"), help: "Steps between log.jsonl lines (default: 10, or the resumed run's).") var logEvery: Int?
    @Option(name: .customLong("eval-every"), help: "Steps between validations (default: 500, or the resumed run's).") var evalEvery: Int?
    @Option(name: .customLong("checkpoint-every"), help: "Steps between state.safetensors checkpoints (default: 500, or the resumed run's).") var checkpointEvery: Int?
    @Option(help: "Name recorded in the model file (default: the data set's).") var name: String?
    @OptionGroup var threads: ThreadsOption

    func validate() throws {
        if steps == nil && minutes == nil { throw ValidationError("give --steps, --minutes or both") }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1") }
        if let minutes, !(minutes > 0) { throw ValidationError("--minutes must be positive") }
        if data.isEmpty { throw ValidationError("--data needs at least one .npz file") }
    }

    func run() throws {
        threads.apply()
        let outURL = URL(fileURLWithPath: out)
        let stateURL = outURL.appendingPathComponent("state.safetensors")
        var state: TrainingState
        let dataSet: SketchDataSet
        let urls = data.map { URL(fileURLWithPath: $0) }
        if resume {
            state = try TrainingState.read(from: stateURL)
            dataSet = try SketchDataSet.load(urls, nmax: state.config.maxSeqLen, scaleFactor: state.scaleFactor)
            let names = dataSet.names
            if names != state.dataSets {
                print("note: the checkpoint was trained on \(state.dataSets.joined(separator: ", ")); continuing on \(names.joined(separator: ", "))")
            }
            // The run's pacing may change on resume; the model and the procedure may not.
            let conflicts = settingsConflicting(with: state)
            if !conflicts.isEmpty {
                throw ValidationError("\(stateURL.path): a resumed run keeps its checkpoint's settings; drop or correct "
                    + conflicts.joined(separator: ", ") + ", or train anew into another --out")
            }
            if let logEvery { state.training.logEvery = logEvery }
            if let evalEvery { state.training.evalEvery = evalEvery }
            if let checkpointEvery { state.training.checkpointEvery = checkpointEvery }
            if let problem = state.training.validationProblem() { throw ValidationError(problem) }
            print("resuming \(stateURL.path) at step \(state.step)")
        } else {
            dataSet = try SketchDataSet.load(urls, nmax: maxSeqLen)
            if maxSeqLen == nil { try dataSet.checkAutomaticNmax() }
            let config = ModelConfig(type: type.value, cell: cell.value, encoderSize: enc, decoderSize: dec, latentSize: nz,
                                     mixtures: mixtures, maxSeqLen: dataSet.nmax, recurrentDropoutKeep: dropoutKeep)
            try config.validate()
            var options = TrainingConfig()
            options.batchSize = batch
            options.learningRate = LearningRateSchedule(initial: lr, minimum: lrMin, decayRate: lrDecay)
            options.klWeight = KLWeightSchedule(weight: klWeight, start: klWeightStart, decayRate: klDecay)
            options.klMin = klMin
            options.gradientClip = gradClip
            options.clipByNorm = clipNorm
            options.penLoss = penLoss.value
            options.endRows = endRows
            options.randomScale = randomScale
            options.strokeDropProbability = strokeDrop
            options.seed = seed
            if let logEvery { options.logEvery = logEvery }
            if let evalEvery { options.evalEvery = evalEvery }
            if let checkpointEvery { options.checkpointEvery = checkpointEvery }
            if let problem = options.validationProblem() { throw ValidationError(problem) }
            state = TrainingState(config: config, training: options, scaleFactor: dataSet.scaleFactor,
                                  dataSets: dataSet.names, parameters: .initialized(config: config, seed: seed))
            if FileManager.default.fileExists(atPath: stateURL.path) {
                throw ValidationError("\(out) already holds a training run (state.safetensors): add --resume to continue it, or choose another --out")
            }
        }
        if dataSet.valid.isEmpty {
            throw ValidationError("\(data.joined(separator: ", ")): no validation sketches of at most \(state.config.maxSeqLen) points; training needs a valid split to keep the best model")
        }
        let runName = name ?? state.dataSets.joined(separator: "+")
        let config = state.config, options = state.training
        let trainer = try Trainer(state: state, outputFolder: outURL, name: runName, resuming: resume,
                                  train: dataSet.train, validation: dataSet.valid)

        let targetSteps = steps ?? Int.max
        let deadline = minutes.map { Date().addingTimeInterval($0 * 60) }
        print("training \(runName): \(config.type.rawValue), \(config.cell.rawValue) decoder \(config.decoderSize)"
            + (config.isVAE ? ", encoder \(config.encoderSize), z \(config.latentSize)" : "")
            + ", \(state.parameters.count) parameters; \(dataSet.train.count)/\(dataSet.valid.count) train/valid sketches, "
            + "Nmax \(config.maxSeqLen), scale factor \(state.scaleFactor); pen loss \(options.penLoss.rawValue)")
        let progress = TrainingProgress(targetSteps: targetSteps, startStep: state.step, deadline: deadline)
        trainer.onEvent = { progress.handle($0) }
        InterruptFlag.install()
        let stop = try trainer.run(steps: targetSteps, deadline: deadline, shouldStop: { InterruptFlag.isSet })
        progress.finish()
        let final = trainer.state
        switch stop {
        case .interrupted: print("interrupted at step \(final.step): checkpoint written; continue with --resume")
        case .reachedTimeLimit: print("time budget reached at step \(final.step)")
        case .reachedSteps: print("reached step \(final.step)")
        }
        if let best = final.bestValidation, let bestStep = final.bestStep {
            print(String(format: "best validation loss %.4f (L_R %.4f, L_KL %.4f) at step %d → %@", best.loss, best.reconstruction,
                         best.kl, bestStep, trainer.bestURL.path))
        }
        print("state: \(trainer.stateURL.path); log: \(trainer.logURL.path); loss curve: \(trainer.lossCurveURL.path)")
    }
}

/// The progress bar's view of training events.
final class TrainingProgress {
    let bar: ProgressBar
    let deadline: Date?
    let startStep: Int
    let started = Date()
    private var recentRate: Double = 0

    init(targetSteps: Int, startStep: Int, deadline: Date?) {
        self.deadline = deadline
        self.startStep = startStep
        bar = ProgressBar(total: targetSteps == Int.max ? nil : targetSteps, startCount: startStep, label: "train")
    }

    func handle(_ event: TrainingEvent) {
        switch event {
        case .step(let r):
            let rate = r.seconds > 0 ? Double(r.batchSize) / r.seconds : 0
            recentRate = recentRate == 0 ? rate : 0.9 * recentRate + 0.1 * rate
            var detail = String(format: "loss %.4f  L_R %.4f", r.loss, r.reconstruction)
            if r.klWeight > 0 { detail += String(format: "  L_KL %.4f", r.kl) }
            detail += String(format: "  lr %.2e", r.learningRate)
            if r.klWeight > 0 { detail += String(format: "  klw %.3f", r.klWeight) }
            detail += String(format: "  %.0f sketches/s", recentRate)
            var eta = bar.eta(count: r.step)
            var fraction: Double?
            if let deadline {
                let left = max(deadline.timeIntervalSinceNow, 0)
                if eta == nil || left < eta! {
                    eta = left
                    let spent = Date().timeIntervalSince(started)
                    fraction = spent / max(spent + left, 1e-9)
                }
            }
            bar.update(r.step, detail: detail, etaOverride: eta, fraction: fraction)
        case .skipped(let step, let reason, let n):
            bar.message("step \(step): update skipped (\(n) in a row): \(reason)")
        case .validation(let step, let v, let isBest):
            bar.message(String(format: "validation at step %d: loss %.4f  L_R %.4f (L_s %.4f, L_p %.4f)  L_KL %.4f%@",
                               step, v.loss, v.reconstruction, v.offsetLoss, v.penLoss, v.kl, isBest ? "  (best)" : ""))
        case .checkpoint:
            break
        }
    }

    func finish() { bar.finish() }
}

enum ModelTypeArgument: String, ExpressibleByArgument, CaseIterable {
    case vae, decoder
    var value: ModelType { self == .vae ? .vae : .decoder }
}

enum CellArgument: String, ExpressibleByArgument, CaseIterable {
    case lstm, layernorm, hyper
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
    var value: PenLossMode { self == .full ? .full : .masked }
}
