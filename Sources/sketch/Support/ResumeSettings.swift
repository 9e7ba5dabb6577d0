import ArgumentParser
import SketchRNN

extension TrainCommand {
    /// The model and training flags given on this command line whose values differ from the
    /// checkpoint being resumed. Resuming keeps the checkpoint's settings (the run must stay one
    /// run), so such a flag is refused rather than ignored without a word.
    func settingsConflicting(with state: TrainingState) -> [String] {
        let checkpoint = RunSettings(config: state.config, training: state.training)
        let given = Self.longFlagsOnCommandLine()
        return settingFlags
            .filter { given.contains($0.flag) && !($0.vaeOnly && !state.config.isVAE) && $0.contradicts(checkpoint) }
            .map { "\($0.flag) \($0.given) (the checkpoint has \($0.current(checkpoint)))" }
    }

    static func longFlagsOnCommandLine() -> Set<String> {
        Set(CommandLine.arguments.filter { $0.hasPrefix("--") }.map { String($0.split(separator: "=", maxSplits: 1)[0]) })
    }
}
