import Foundation

/// Reads a whole input file, with reasons a person can read when it cannot: a missing file, a
/// folder, a device such as `/dev/zero` (which would never end), or the system's own reason.
package enum InputFile {
    /// The bytes of `url`; `failure` turns a reason ("no such file") into the caller's error.
    package static func read(_ url: URL, mapped: Bool = false, failure: (String) -> Error) throws -> Data {
        try checkIsFile(url, failure: failure)
        do {
            return try Data(contentsOf: url, options: mapped ? .mappedIfSafe : [])
        } catch {
            throw failure("cannot be read (\(AtomicFile.describe(error)))")
        }
    }

    /// Throws unless `url` is a file (or a pipe) that exists.
    package static func checkIsFile(_ url: URL, failure: (String) -> Error) throws {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw failure(errno == ENOENT ? "no such file" : "cannot be read (\(AtomicFile.errnoText()))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG, S_IFIFO: break
        case S_IFDIR: throw failure("is a folder, not a file")
        default: throw failure("is a device or socket, not a file")
        }
    }
}
