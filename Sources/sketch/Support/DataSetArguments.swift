import Foundation
import SketchCheckpoints

/// `--data` arguments as files: a path as it is, or the short name of a data set fetched with
/// `sketch data fetch` (`--data cat`), for every command that reads data sets.
enum DataSetArguments {
    static func urls(_ arguments: [String], fetched: FetchedFiles = FetchedFiles()) throws -> [URL] {
        try arguments.map { try fetched.resolveDataSet($0) }
    }

    static func url(_ argument: String, fetched: FetchedFiles = FetchedFiles()) throws -> URL {
        try fetched.resolveDataSet(argument)
    }
}
