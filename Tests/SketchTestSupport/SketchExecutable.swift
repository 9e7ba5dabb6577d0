import Foundation

/// The built `sketch` executable (tests that need it are skipped when it has not been built), run
/// as a user would.
package enum SketchExecutable {
    package static let url: URL? = ["debug", "release"]
        .map { SharedFiles.projectRoot.appendingPathComponent(".build/\($0)/sketch") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// Runs `sketch arguments`, or `wrapper… sketch arguments` (`prlimit --fsize=…`).
    package static func run(_ arguments: [String], wrapper: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        if let first = wrapper.first, let url {
            process.executableURL = URL(fileURLWithPath: first)
            process.arguments = wrapper.dropFirst() + [url.path] + arguments
        } else {
            process.executableURL = url
            process.arguments = arguments
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
