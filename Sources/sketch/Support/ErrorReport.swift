import ArgumentParser
import Foundation
import SketchCheckpoints

extension SketchCommand {
    /// Runs the command; errors from the work itself (a bad file, a failed write) are printed as
    /// `sketch: error: MESSAGE` on stderr with exit status 1. ArgumentParser's own errors (usage,
    /// `--help`, which it raises from `run()` too, validation, explicit exit codes) keep its handling.
    static func main() {
        // A file-size limit (`ulimit -f`) kills a writer with SIGXFSZ by default, leaving a
        // `.partial` and, for the app, the terminal in mouse mode; ignored, the write fails with
        // EFBIG and each writer says so and cleans up like after any failed write.
        signal(SIGXFSZ, SIG_IGN)
        var command: ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        do {
            try command.run()
        } catch {
            if isArgumentParserError(error) { exit(withError: error) }
            var message = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
            if let missing = error as? Checkpoints.NotFound, !missing.name.contains("/") { message += "; `sketch models` lists them" }
            try? FileHandle.standardError.write(contentsOf: Data("sketch: error: \(message)\n".utf8))
            Foundation.exit(1)
        }
    }

    private static func isArgumentParserError(_ error: Error) -> Bool {
        error is ExitCode || error is CleanExit || error is ValidationError
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}

enum ErrorReport {
    /// A remark on stderr that does not stop the command: `sketch: note: MESSAGE`.
    static func note(_ message: String) {
        try? FileHandle.standardError.write(contentsOf: Data("sketch: note: \(message)\n".utf8))
    }
}
