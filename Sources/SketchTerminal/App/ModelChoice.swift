/// A model the user can switch to with `m`: a file given with `--model` or a shipped checkpoint.
public struct ModelChoice: Equatable, Sendable {
    /// What the status bar calls it before it is loaded.
    public var name: String
    /// The path or short name the loader understands.
    public var reference: String

    public init(name: String, reference: String) {
        self.name = name
        self.reference = reference
    }
}
