import Foundation

/// Why a model file cannot be used: always names the file, then the problem.
public struct ModelFileError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// The file (or the name given for bytes read from elsewhere).
    public var file: String
    /// What is wrong with it, in a sentence.
    public var problem: String

    /// An error about `file`.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    /// "FILE: PROBLEM".
    public var description: String { "\(file): \(problem)" }
    /// The same as ``description``.
    public var errorDescription: String? { description }
}
