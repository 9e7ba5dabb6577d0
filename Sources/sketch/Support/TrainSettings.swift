import ArgumentParser
import SketchRNN

/// A run's settings: the model and the training procedure.
struct RunSettings: Equatable {
    var config: ModelConfig
    var training: TrainingConfig

    /// The library's defaults, which the flags' defaults are.
    static let defaults = RunSettings(config: ModelConfig(), training: TrainingConfig())
}

/// One command-line flag's part of a run's settings. A new run is built by applying every flag to
/// the library's defaults; a resumed run applies the flags given on its command line to the
/// checkpoint's settings and refuses the ones that would change them. Both read the same list, so a
/// new flag cannot take effect without being checked on resume.
struct SettingFlag {
    /// `--name`, as ArgumentParser spells the option's property.
    let flag: String
    let given: String
    let apply: (inout RunSettings) -> Void
    let current: (RunSettings) -> String
    /// Settings of the encoder and the KL term: a decoder-only checkpoint has none to contradict.
    let vaeOnly: Bool

    /// The flag of the option stored at `storage` (its property wrapper, `\._name`) in `options`,
    /// setting `path` to its value converted by `convert`.
    /// - Parameter spelled: how a value is written on the command line (default: as Swift prints it).
    init<Options, Argument: ExpressibleByArgument, Value: Equatable>(
        _ options: Options, _ storage: KeyPath<Options, Option<Argument>>, _ path: WritableKeyPath<RunSettings, Value>,
        vaeOnly: Bool = false, convert: (Argument) -> Value, spelled: @escaping (Value) -> String = { "\($0)" }
    ) {
        self.init(flag: Self.longName(storage), value: convert(options[keyPath: storage].wrappedValue), path,
                  vaeOnly: vaeOnly, spelled: spelled)
    }

    init<Options, Value: ExpressibleByArgument & Equatable>(
        _ options: Options, _ storage: KeyPath<Options, Option<Value>>, _ path: WritableKeyPath<RunSettings, Value>,
        vaeOnly: Bool = false
    ) {
        self.init(options, storage, path, vaeOnly: vaeOnly, convert: { $0 })
    }

    /// An option without a default: a flag only when given.
    init?<Options, Value: ExpressibleByArgument & Equatable>(
        _ options: Options, _ storage: KeyPath<Options, Option<Value?>>, _ path: WritableKeyPath<RunSettings, Value>
    ) {
        guard let value = options[keyPath: storage].wrappedValue else { return nil }
        self.init(flag: Self.longName(storage), value: value, path, vaeOnly: false, spelled: { "\($0)" })
    }

    init<Options>(_ options: Options, _ storage: KeyPath<Options, Flag<Bool>>, _ path: WritableKeyPath<RunSettings, Bool>) {
        self.init(flag: Self.longName(storage), value: options[keyPath: storage].wrappedValue, path, vaeOnly: false,
                  spelled: { "\($0)" })
    }

    private init<Value: Equatable>(flag: String, value: Value, _ path: WritableKeyPath<RunSettings, Value>, vaeOnly: Bool,
                                   spelled: @escaping (Value) -> String) {
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

    /// `--lr-min` for `\Options._lrMin`: ArgumentParser's long name of a property (camel case to
    /// lowercase words joined by hyphens), read from the key path of its property wrapper, so that a
    /// flag's name is written once, as its property. `SketchCLITests` parses every one.
    static func longName(_ storage: AnyKeyPath) -> String {
        let property = "\(storage)".split(separator: ".").last.map(String.init) ?? ""
        precondition(property.hasPrefix("_"), "\(storage) is not an option's storage")
        var name = "--"
        for character in property.dropFirst() {
            if character.isUppercase {
                name += "-" + character.lowercased()
            } else {
                name.append(character)
            }
        }
        return name
    }
}
