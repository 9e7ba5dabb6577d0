import ArgumentParser
import SketchRNN

/// A run's settings: the model and the training procedure.
struct RunSettings: Equatable {
    var config: ModelConfig
    var training: TrainingConfig
}

/// One command-line flag's part of a run's settings. A new run is built by applying every flag to
/// the library's defaults; a resumed run applies the flags given on its command line to the
/// checkpoint's settings and refuses the ones that would change them. Both read the same list, so a
/// new flag cannot take effect without being checked on resume.
struct SettingFlag {
    let flag: String
    let given: String
    let apply: (inout RunSettings) -> Void
    let current: (RunSettings) -> String
    /// Settings of the encoder and the KL term: a decoder-only checkpoint has none to contradict.
    let vaeOnly: Bool

    /// - Parameter spelled: how a value is written on the command line (default: as Swift prints it).
    init<Value: Equatable>(_ flag: String, _ value: Value, _ path: WritableKeyPath<RunSettings, Value>, vaeOnly: Bool = false,
                           spelled: @escaping (Value) -> String = { "\($0)" }) {
        self.flag = flag
        given = spelled(value)
        apply = { $0[keyPath: path] = value }
        current = { spelled($0[keyPath: path]) }
        self.vaeOnly = vaeOnly
    }

    /// Whether applying this flag would change `settings`.
    func contradicts(_ settings: RunSettings) -> Bool {
        var changed = settings
        apply(&changed)
        return changed != settings
    }
}

