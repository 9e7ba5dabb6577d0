import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a temporary name in the
/// same folder (same file system, so the rename is atomic), then replace the destination.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, LocalizedError {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
        public var errorDescription: String? { description }
    }

    /// Writes `data` to `url`, replacing any file there only once every byte is on disk.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { temporary in try data.write(to: temporary) }
    }

    /// Writes `text` as UTF-8 to `url` atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Lets `produce` fill a temporary file beside `url` (for writers that stream, such as zip
    /// archives), then renames it over `url`. The temporary file is removed if `produce` throws.
    public static func write(to url: URL, _ produce: (URL) throws -> Void) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        let manager = FileManager.default
        do {
            try produce(temporary)
        } catch {
            try? manager.removeItem(at: temporary)
            if error is WriteError { throw error }
            throw WriteError(path: url.path, reason: describe(error))
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(at: temporary)
            throw WriteError(path: url.path, reason: reason)
        }
    }

    private static func describe(_ error: Error) -> String {
        if let localized = error as? LocalizedError, let text = localized.errorDescription { return text }
        return String(describing: error)
    }
}
