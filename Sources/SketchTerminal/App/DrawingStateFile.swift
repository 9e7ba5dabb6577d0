import Foundation
import SketchRNN

/// The file the app keeps the drawing in as it changes (stroke JSON, like the files `s` writes),
/// so that a crash, a closed terminal or `q` loses nothing: the next launch opens on it.
package struct DrawingStateFile: Sendable {
    package static let fileName = "sketch-autosave.json"

    package let url: URL

    package init(folder: URL) {
        url = folder.appendingPathComponent(DrawingStateFile.fileName)
    }

    /// `$XDG_STATE_HOME/sketch`, or `~/.local/state/sketch` when that is unset or not absolute
    /// (as the XDG base directory specification says).
    package static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return URL(fileURLWithPath: state).appendingPathComponent("sketch")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/sketch")
    }

    /// The largest state file read: a drawing made by hand in a terminal is a few hundred KB at
    /// most. A larger file (or anything but a regular file: a FIFO would block the launch) is
    /// refused before a byte is read, so a damaged or planted file cannot keep the app from starting.
    package static let maxBytes = 4 << 20

    /// The drawing kept last time, or nil when there is none.
    package func read() throws -> PrefixDrawing? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw FormatError(file: url.path, problem: "cannot be read (\(String(cString: strerror(errno))))")
        }
        let kind: String?
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = nil
        case S_IFDIR: kind = "a folder"
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFLNK: kind = "a symbolic link"
        case S_IFSOCK: kind = "a socket"
        default: kind = "a device"
        }
        if let kind { throw FormatError(file: url.path, problem: "is \(kind), not a regular file") }
        guard info.st_size <= DrawingStateFile.maxBytes else {
            throw FormatError(file: url.path, problem:
                "is \(info.st_size) bytes, more than any kept drawing (the limit is \(DrawingStateFile.maxBytes >> 20) MB)")
        }
        return try PrefixDrawing.read(from: url)
    }

    /// Steps of the undo history kept in the file each way (the next launch can undo a clear
    /// made before quitting).
    package static let keptHistorySteps = 50
    /// The key of the stroke JSON object that holds the undo history.
    static let historyKey = "undo_history"

    /// Writes `drawing` (and the last steps of `history`) atomically (a reader never sees half a
    /// file), making the folder if needed.
    package func write(_ drawing: StrokeDrawing, history: UndoHistory? = nil) throws {
        let folder = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.path) {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw StateFolderError(path: folder.path, reason: error.localizedDescription)
            }
        }
        var data = try drawing.encoded()
        if var history, history.canUndo || history.canRedo {
            history.trim(to: DrawingStateFile.keptHistorySteps)
            // The stroke JSON stays as it is; the history is one more key beside it.
            if var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
                object[DrawingStateFile.historyKey] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(history))
                data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            }
        }
        try AtomicFile.write(data, to: url)
    }

    /// The undo history kept beside the drawing, if any (one that cannot be read is left out:
    /// the drawing matters, its history less).
    package func readHistory() -> UndoHistory? {
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let kept = object[DrawingStateFile.historyKey],
              let historyData = try? JSONSerialization.data(withJSONObject: kept) else { return nil }
        return try? JSONDecoder().decode(UndoHistory.self, from: historyData)
    }

    /// Moves an unreadable state file aside (so the next write does not destroy what may still be
    /// recovered by hand) and returns where it went.
    package func setAside() -> URL? {
        let aside = url.deletingLastPathComponent().appendingPathComponent(
            DrawingStateFile.fileName + ".unreadable-\(Int(Date().timeIntervalSince1970))")
        return rename(url.path, aside.path) == 0 ? aside : nil
    }
}

package struct StateFolderError: Error, CustomStringConvertible {
    package var path: String
    package var reason: String
    package var description: String { "cannot create \(path): \(reason)" }
}
