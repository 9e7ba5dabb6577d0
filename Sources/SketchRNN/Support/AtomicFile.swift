import Foundation

/// Writes files so that a reader never sees half of one, even after a crash or a power cut: the
/// bytes go to a temporary name in the same folder (same file system, so the rename is atomic), are
/// flushed to the disk (`fsync`), then replace the destination, and the folder's new entry is
/// flushed too. A failed write leaves the destination as it was and no temporary file behind.
package enum AtomicFile {
    package struct WriteError: Error, CustomStringConvertible, LocalizedError {
        package let path: String
        package let reason: String
        package var description: String { "cannot write \(path): \(reason)" }
        package var errorDescription: String? { description }
    }

    /// Writes `data` to `url`, replacing any file there only once every byte is on disk.
    package static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { temporary in
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw WriteError(path: url.path, reason: errnoText()) }
            defer { close(fd) }
            try data.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = Foundation.write(fd, raw.baseAddress! + done, raw.count - done)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { throw WriteError(path: url.path, reason: errnoText()) }
                    done += n
                }
            }
        }
    }

    /// Writes `text` as UTF-8 to `url` atomically.
    package static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// The temporary name `write` uses for `url`: hidden, unique, ending in `.partial`.
    static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
    }

    /// Lets `produce` fill a temporary file beside `url` (for writers that stream, such as zip
    /// archives), then flushes it, renames it over `url` and flushes the folder. The temporary
    /// file is removed if anything fails.
    package static func write(to url: URL, _ produce: (URL) throws -> Void) throws {
        let temporary = temporaryURL(for: url)
        do {
            try produce(temporary)
            try sync(temporary.path, for: url)
        } catch {
            unlink(temporary.path)
            if error is WriteError { throw error }
            throw WriteError(path: url.path, reason: describe(error))
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = errnoText()
            unlink(temporary.path)
            throw WriteError(path: url.path, reason: reason)
        }
        try sync(url.deletingLastPathComponent().path, for: url)
    }

    /// Removes the temporary files a killed writer of `url` left behind (`.NAME.*.partial`).
    /// Only the caller knows that no other writer of `url` is running.
    package static func removeStaleTemporaries(of url: URL) {
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).", suffix = ".partial"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(suffix) {
            unlink(folder.appendingPathComponent(name).path)
        }
    }

    /// `fsync` of a file or a folder (opened read-only, which both allow).
    private static func sync(_ path: String, for url: URL) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WriteError(path: url.path, reason: errnoText()) }
        defer { close(fd) }
        // Some file systems cannot sync a folder (EINVAL); the rename itself is still atomic.
        if fsync(fd) != 0 && errno != EINVAL { throw WriteError(path: url.path, reason: errnoText()) }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// A reason a person can read: the POSIX reason inside a Foundation error when there is one.
    package static func describe(_ error: Error) -> String {
        func posix(_ error: Error) -> String? {
            let ns = error as NSError
            return ns.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(ns.code))) : nil
        }
        if let text = posix(error) { return text }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? Error, let text = posix(underlying) { return text }
        if ns.domain == NSCocoaErrorDomain { return ns.localizedDescription }
        if let localized = error as? LocalizedError, let text = localized.errorDescription { return text }
        return String(describing: error)
    }
}
