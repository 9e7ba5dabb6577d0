import ArgumentParser
import SketchRNN

// `sketch train`'s flags. Each default is the library's (`ModelConfig`, `TrainingConfig`: magenta's,
// docs/model.md §3), and each setting flag is named once, by its property (`SettingFlag.longName`).

/// `sketch train`'s model flags.
struct TrainModelOptions: ParsableArguments {
    private static let defaults = RunSettings.defaults.config

    @Option(help: "Model type: vae or decoder.") var type = ModelTypeArgument(defaults.type)
    @Option(help: "Decoder cell: lstm, layernorm or hyper.") var cell = CellArgument(defaults.cell)
    @Option(help: "Encoder units per direction (VAE).") var enc = defaults.encoderSize
    @Option(help: "Decoder units.") var dec = defaults.decoderSize
    @Option(help: "Latent size N_z (VAE).") var nz = defaults.latentSize
    @Option(help: "Mixture components M.") var mixtures = defaults.mixtures
    @Option(help: "Nmax (default: the longest sketch over all splits, as TF).") var maxSeqLen: Int?
    @Option(help: "Recurrent dropout keep probability (1 = off).") var dropoutKeep = defaults.recurrentDropoutKeep

    var flags: [SettingFlag] {
        [SettingFlag(self, \._type, \.config.type, convert: \.value, spelled: { $0.rawValue }),
         SettingFlag(self, \._cell, \.config.cell, convert: \.value, spelled: CellArgument.spelling),
         SettingFlag(self, \._enc, \.config.encoderSize, vaeOnly: true),
         SettingFlag(self, \._dec, \.config.decoderSize),
         SettingFlag(self, \._nz, \.config.latentSize, vaeOnly: true),
         SettingFlag(self, \._mixtures, \.config.mixtures),
         SettingFlag(self, \._dropoutKeep, \.config.recurrentDropoutKeep)]
            + [SettingFlag(self, \._maxSeqLen, \.config.nmax)].compactMap { $0 }
    }
}

/// `sketch train`'s optimiser and schedule flags.
struct TrainScheduleOptions: ParsableArguments {
    private static let defaults = RunSettings.defaults.training

    @Option(help: "Sketches per batch.") var batch = defaults.batchSize
    @Option(help: "Initial learning rate.") var lr = defaults.learningRate.initial
    @Option(help: "Learning-rate floor.") var lrMin = defaults.learningRate.minimum
    @Option(help: "Learning-rate decay per step.") var lrDecay = defaults.learningRate.decayRate
    @Option(help: "w_KL.") var klWeight = defaults.klWeight.weight
    @Option(help: "KL weight at step 0 (absolute).") var klWeightStart = defaults.klWeight.start
    @Option(help: "KL annealing rate R.") var klDecay = defaults.klWeight.decayRate
    @Option(help: "KL_min, the floor of the KL term.") var klMin = defaults.klMin
    @Option(help: "Gradient clip (by value; by norm with --clip-norm; 0 = none).") var gradClip = defaults.gradientClip
    @Flag(help: "Clip the gradient's global L2 norm instead of each value.") var clipNorm = defaults.clipByNorm
    @Option(help: "Random seed (initial weights, batches, dropout, z).") var seed = defaults.seed

    var flags: [SettingFlag] {
        [SettingFlag(self, \._batch, \.training.batchSize),
         SettingFlag(self, \._lr, \.training.learningRate.initial),
         SettingFlag(self, \._lrMin, \.training.learningRate.minimum),
         SettingFlag(self, \._lrDecay, \.training.learningRate.decayRate),
         SettingFlag(self, \._klWeight, \.training.klWeight.weight, vaeOnly: true),
         SettingFlag(self, \._klWeightStart, \.training.klWeight.start, vaeOnly: true),
         SettingFlag(self, \._klDecay, \.training.klWeight.decayRate, vaeOnly: true),
         SettingFlag(self, \._klMin, \.training.klMin, vaeOnly: true),
         SettingFlag(self, \._gradClip, \.training.gradientClip),
         SettingFlag(self, \._clipNorm, \.training.clipByNorm),
         SettingFlag(self, \._seed, \.training.seed)]
    }
}

/// `sketch train`'s data, batching and augmentation flags.
struct TrainDataOptions: ParsableArguments {
    private static let defaults = RunSettings.defaults.training

    @Option(parsing: .upToNextOption, help: "One or more sketch-rnn .npz files or fetched data sets' names (cat; several = one data set).")
    var data: [String]
    @Option(help: ArgumentHelp(
        "full (the paper's: batches padded to Nmax) or masked (length-aware, faster).",
        discussion: "masked trains on length buckets cut to their longest sketch plus --end-rows end rows; the pen loss counts up to each end token and those end rows."))
    var penLoss = PenLossArgument(defaults.penLoss)
    @Option(help: "End rows kept after a bucket's longest sketch in masked mode.") var endRows = defaults.endRows
    @Option(help: "Scale augmentation range r: factors in [1-r, 1+r].") var randomScale = defaults.randomScale
    @Option(help: "Point-dropping augmentation probability.") var strokeDrop = defaults.strokeDropProbability

    var flags: [SettingFlag] {
        [SettingFlag(self, \._penLoss, \.training.penLoss, convert: \.value, spelled: { $0.rawValue }),
         SettingFlag(self, \._endRows, \.training.endRows),
         SettingFlag(self, \._randomScale, \.training.randomScale),
         SettingFlag(self, \._strokeDrop, \.training.strokeDropProbability)]
    }
}

/// `sketch train`'s flags for the run itself: its length, where it writes and how often. These may
/// change when a run is resumed.
struct TrainRunOptions: ParsableArguments {
    private static let defaults = RunSettings.defaults.training

    @Option(help: "Stop after this many steps in all (default: none; then --minutes must be given).") var steps: Int?
    @Option(help: "Wall-clock budget of this run in minutes.") var minutes: Double?
    @Option(help: "Output folder.") var out: String
    @Flag(help: "Continue from --out's state.safetensors.") var resume = false
    @Option(name: .customLong("init"), help: ArgumentHelp(
        "Start from this model's weights (a file or a shipped name): a longer run or a fine-tune of a finished model. Its shape, Nmax and scale factor are kept; the optimiser and the schedules start afresh.",
        valueName: "model"))
    var initialModel: String?
    @Option(help: "Steps between log.jsonl lines (a resumed run keeps its own unless given).") var logEvery = defaults.logEvery
    @Option(help: "Steps between validations (a resumed run keeps its own unless given).") var evalEvery = defaults.evalEvery
    @Option(help: "Steps between state.safetensors checkpoints (a resumed run keeps its own unless given).")
    var checkpointEvery = defaults.checkpointEvery
    @Option(help: "Name recorded in the model file (default: the data set's).") var name: String?

    /// The run's pacing: every run takes these as given, a resumed one only those on its command line.
    var pacingFlags: [SettingFlag] {
        [SettingFlag(self, \._logEvery, \.training.logEvery),
         SettingFlag(self, \._evalEvery, \.training.evalEvery),
         SettingFlag(self, \._checkpointEvery, \.training.checkpointEvery)]
    }
}
