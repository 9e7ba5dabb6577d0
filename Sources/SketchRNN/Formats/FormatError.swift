import Foundation

/// A file that cannot be read as what it claims to be. The message names the file, the record
/// inside it (a zip member, a line, a sketch) and the problem.
package struct FormatError: Error, Equatable, CustomStringConvertible, LocalizedError {
    package var file: String
    package var record: String?
    package var problem: String

    package init(file: String, record: String? = nil, problem: String) {
        self.file = file
        self.record = record
        self.problem = problem
    }

    package var description: String {
        if let record { return "\(file): \(record): \(problem)" }
        return "\(file): \(problem)"
    }

    package var errorDescription: String? { description }

    /// The same problem, placed inside an outer record (`train.npy` inside an `.npz`, say).
    func inside(_ outer: String) -> FormatError {
        FormatError(file: file, record: record.map { "\(outer), \($0)" } ?? outer, problem: problem)
    }
}
