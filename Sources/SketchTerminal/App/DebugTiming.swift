import Foundation

/// The `--debug-timing FILE` log: one line per measured interval, in milliseconds, so the
/// latency targets (pen lift to the first point of every ending on screen, key press to the
/// screen answering) can be read off a real session.
package final class DebugTiming: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    package let start = DispatchTime.now().uptimeNanoseconds

    package init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw TerminalAppError.cannotWrite(path: path, reason: "cannot create the timing log")
        }
        self.handle = handle
    }

    package static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    package func log(_ event: String, since t0: UInt64, detail: String = "") {
        let ms = Double(DebugTiming.now() &- t0) / 1e6
        let at = Double(t0 &- start) / 1e6
        let line = "\(event) \(String(format: "%.2f", ms)) ms at \(String(format: "%.1f", at)) ms\(detail.isEmpty ? "" : " " + detail)\n"
        lock.lock()
        handle.write(Data(line.utf8))
        lock.unlock()
    }

    deinit { try? handle.close() }
}

package enum TerminalAppError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case noModel
    case notATerminal
    case terminalSetupFailed(String)

    package var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "sketch: \(path): \(reason)"
        case .noModel:
            return """
            sketch: no model to draw with. No shipped checkpoint was found in checkpoints/, so pass one with --model, e.g.
              sketch --model ../shared/models/sheep.gen.json
            (sketch-rnn-js JSON models and the project's .safetensors checkpoints both work; --model may be repeated, and m / Tab cycles through them).
            """
        case .notATerminal: return "sketch: the drawing app needs a terminal (standard input and output must be a tty)."
        case .terminalSetupFailed(let what): return "sketch: could not set up the terminal: \(what)"
        }
    }
}
