import ArgumentParser
import SketchRNN

extension TrainCommand {
    /// The model and training flags given on this command line whose values differ from the
    /// checkpoint being resumed. Resuming keeps the checkpoint's settings (the run must stay one
    /// run), so such a flag is refused rather than ignored without a word.
    func settingsConflicting(with state: TrainingState) -> [String] {
        let config = state.config, options = state.training
        let pairs: [(flag: String, given: String, checkpoint: String)] = [
            ("--type", type.value.rawValue, config.type.rawValue),
            ("--cell", cell.value.rawValue, config.cell.rawValue),
            ("--enc", "\(enc)", "\(config.encoderSize)"),
            ("--dec", "\(dec)", "\(config.decoderSize)"),
            ("--nz", "\(nz)", "\(config.latentSize)"),
            ("--mixtures", "\(mixtures)", "\(config.mixtures)"),
            ("--max-seq-len", maxSeqLen.map { "\($0)" } ?? "", "\(config.maxSeqLen)"),
            ("--dropout-keep", "\(dropoutKeep)", "\(config.recurrentDropoutKeep)"),
            ("--batch", "\(batch)", "\(options.batchSize)"),
            ("--lr", "\(lr)", "\(options.learningRate.initial)"),
            ("--lr-min", "\(lrMin)", "\(options.learningRate.minimum)"),
            ("--lr-decay", "\(lrDecay)", "\(options.learningRate.decayRate)"),
            ("--kl-weight", "\(klWeight)", "\(options.klWeight.weight)"),
            ("--kl-weight-start", "\(klWeightStart)", "\(options.klWeight.start)"),
            ("--kl-decay", "\(klDecay)", "\(options.klWeight.decayRate)"),
            ("--kl-min", "\(klMin)", "\(options.klMin)"),
            ("--grad-clip", "\(gradClip)", "\(options.gradientClip)"),
            ("--clip-norm", "\(clipNorm)", "\(options.clipByNorm)"),
            ("--pen-loss", penLoss.value.rawValue, options.penLoss.rawValue),
            ("--end-rows", "\(endRows)", "\(options.endRows)"),
            ("--random-scale", "\(randomScale)", "\(options.randomScale)"),
            ("--stroke-drop", "\(strokeDrop)", "\(options.strokeDropProbability)"),
            ("--seed", "\(seed)", "\(options.seed)"),
        ]
        let given = Self.longFlagsOnCommandLine()
        // Decoder-only checkpoints have no encoder or latent: their sizes are not the run's settings.
        let unused: Set<String> = config.isVAE ? [] : ["--enc", "--nz", "--kl-weight", "--kl-weight-start", "--kl-decay", "--kl-min"]
        return pairs.filter { given.contains($0.flag) && !unused.contains($0.flag) && $0.given != $0.checkpoint }
            .map { "\($0.flag) \($0.given) (the checkpoint has \($0.checkpoint))" }
    }

    static func longFlagsOnCommandLine() -> Set<String> {
        Set(CommandLine.arguments.filter { $0.hasPrefix("--") }.map { String($0.split(separator: "=", maxSplits: 1)[0]) })
    }
}
