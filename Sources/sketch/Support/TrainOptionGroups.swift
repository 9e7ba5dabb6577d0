import ArgumentParser
import SketchRNN

/// `sketch train`'s model flags.
struct TrainModelOptions: ParsableArguments {
    @Option(help: "Model type: vae or decoder.") var type: ModelTypeArgument = .vae
    @Option(help: "Decoder cell: lstm, layernorm or hyper.") var cell: CellArgument = .lstm
    @Option(help: "Encoder units per direction (VAE).") var enc = 256
    @Option(help: "Decoder units.") var dec = 512
    @Option(help: "Latent size N_z (VAE).") var nz = 128
    @Option(help: "Mixture components M.") var mixtures = 20
    @Option(name: .customLong("max-seq-len"), help: "Nmax (default: the longest sketch over all splits, as TF).")
    var nmax: Int?
    @Option(name: .customLong("dropout-keep"), help: "Recurrent dropout keep probability (1 = off).")
    var dropoutKeep: Float = 0.9

    var flags: [SettingFlag] {
        [SettingFlag("--type", type.value, \.config.type, spelled: { $0.rawValue }),
         SettingFlag("--cell", cell.value, \.config.cell, spelled: CellArgument.spelling),
         SettingFlag("--enc", enc, \.config.encoderSize, vaeOnly: true),
         SettingFlag("--dec", dec, \.config.decoderSize),
         SettingFlag("--nz", nz, \.config.latentSize, vaeOnly: true),
         SettingFlag("--mixtures", mixtures, \.config.mixtures),
         SettingFlag("--dropout-keep", dropoutKeep, \.config.recurrentDropoutKeep)]
            + (nmax.map { [SettingFlag("--max-seq-len", $0, \.config.nmax)] } ?? [])
    }
}

/// `sketch train`'s optimiser and schedule flags (defaults: magenta's, docs/model.md §3).
struct TrainScheduleOptions: ParsableArguments {
    @Option(help: "Sketches per batch.") var batch = 100
    @Option(help: "Initial learning rate.") var lr: Float = 1e-3
    @Option(name: .customLong("lr-min"), help: "Learning-rate floor.") var lrMin: Float = 1e-5
    @Option(name: .customLong("lr-decay"), help: "Learning-rate decay per step.") var lrDecay: Float = 0.9999
    @Option(name: .customLong("kl-weight"), help: "w_KL.") var klWeight: Float = 0.5
    @Option(name: .customLong("kl-weight-start"), help: "KL weight at step 0 (absolute).") var klWeightStart: Float = 0.01
    @Option(name: .customLong("kl-decay"), help: "KL annealing rate R.") var klDecay: Float = 0.99995
    @Option(name: .customLong("kl-min"), help: "KL_min, the floor of the KL term.") var klMin: Float = 0.2
    @Option(name: .customLong("grad-clip"), help: "Gradient clip (by value; by norm with --clip-norm; 0 = none).")
    var gradClip: Float = 1
    @Flag(name: .customLong("clip-norm"), help: "Clip the gradient's global L2 norm instead of each value.")
    var clipNorm = false
    @Option(help: "Random seed (initial weights, batches, dropout, z).") var seed: UInt64 = 1

    var flags: [SettingFlag] {
        [SettingFlag("--batch", batch, \.training.batchSize),
         SettingFlag("--lr", lr, \.training.learningRate.initial),
         SettingFlag("--lr-min", lrMin, \.training.learningRate.minimum),
         SettingFlag("--lr-decay", lrDecay, \.training.learningRate.decayRate),
         SettingFlag("--kl-weight", klWeight, \.training.klWeight.weight, vaeOnly: true),
         SettingFlag("--kl-weight-start", klWeightStart, \.training.klWeight.start, vaeOnly: true),
         SettingFlag("--kl-decay", klDecay, \.training.klWeight.decayRate, vaeOnly: true),
         SettingFlag("--kl-min", klMin, \.training.klMin, vaeOnly: true),
         SettingFlag("--grad-clip", gradClip, \.training.gradientClip),
         SettingFlag("--clip-norm", clipNorm, \.training.clipByNorm),
         SettingFlag("--seed", seed, \.training.seed)]
    }
}

/// `sketch train`'s data, batching and augmentation flags.
struct TrainDataOptions: ParsableArguments {
    @Option(name: .customLong("data"), parsing: .upToNextOption, help: "One or more sketch-rnn .npz files or fetched data sets' names (cat; several = one data set).")
    var data: [String]
    @Option(name: .customLong("pen-loss"), help: ArgumentHelp(
        "full (the paper's: batches padded to Nmax) or masked (length-aware, faster).",
        discussion: "masked trains on length buckets cut to their longest sketch plus --end-rows end rows; the pen loss counts up to each end token and those end rows."))
    var penLoss: PenLossArgument = .full
    @Option(name: .customLong("end-rows"), help: "End rows kept after a bucket's longest sketch in masked mode.") var endRows = 16
    @Option(name: .customLong("random-scale"), help: "Scale augmentation range r: factors in [1-r, 1+r].") var randomScale: Float = 0.15
    @Option(name: .customLong("stroke-drop"), help: "Point-dropping augmentation probability.") var strokeDrop: Float = 0.1

    var flags: [SettingFlag] {
        [SettingFlag("--pen-loss", penLoss.value, \.training.penLoss, spelled: { $0.rawValue }),
         SettingFlag("--end-rows", endRows, \.training.endRows),
         SettingFlag("--random-scale", randomScale, \.training.randomScale),
         SettingFlag("--stroke-drop", strokeDrop, \.training.strokeDropProbability)]
    }
}

/// `sketch train`'s flags for the run itself: its length, where it writes and how often. These may
/// change when a run is resumed.
struct TrainRunOptions: ParsableArguments {
    @Option(help: "Stop after this many steps in all (default: none; then --minutes must be given).") var steps: Int?
    @Option(help: "Wall-clock budget of this run in minutes.") var minutes: Double?
    @Option(help: "Output folder.") var out: String
    @Flag(help: "Continue from --out's state.safetensors.") var resume = false
    @Option(name: .customLong("init"), help: ArgumentHelp(
        "Start from this model's weights (a file or a shipped name): a longer run or a fine-tune of a finished model. Its shape, Nmax and scale factor are kept; the optimiser and the schedules start afresh.",
        valueName: "model"))
    var initialModel: String?
    @Option(name: .customLong("log-every"), help: "Steps between log.jsonl lines (default: 10, or the resumed run's).") var logEvery: Int?
    @Option(name: .customLong("eval-every"), help: "Steps between validations (default: 500, or the resumed run's).") var evalEvery: Int?
    @Option(name: .customLong("checkpoint-every"), help: "Steps between state.safetensors checkpoints (default: 500, or the resumed run's).")
    var checkpointEvery: Int?
    @Option(help: "Name recorded in the model file (default: the data set's).") var name: String?

    /// Sets the pacing given on the command line.
    func applyPacing(to training: inout TrainingConfig) {
        if let logEvery { training.logEvery = logEvery }
        if let evalEvery { training.evalEvery = evalEvery }
        if let checkpointEvery { training.checkpointEvery = checkpointEvery }
    }
}
