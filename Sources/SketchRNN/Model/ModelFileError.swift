import Foundation

/// Why a model file cannot be used: always names the file, then the problem.
public struct ModelFileError: Error, CustomStringConvertible, LocalizedError, Equatable {
    public var file: String
    public var problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
    public var errorDescription: String? { description }
}
