import ArgumentParser
import Foundation

extension SketchCommand {
    /// Runs the command; errors from the work itself (a bad file, a failed write) are printed as
    /// `sketch: error: MESSAGE` on stderr with exit status 1. Usage errors, help and explicit exit
    /// codes keep ArgumentParser's own handling.
    static func main() {
        var command: ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        do {
            try command.run()
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: error)
        } catch {
            let message = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
            FileHandle.standardError.write(Data("sketch: error: \(message)\n".utf8))
            Foundation.exit(1)
        }
    }
}
