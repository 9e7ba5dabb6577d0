import Foundation

/// Runs a short Python 3 script for interoperability checks (Python's safetensors, numpy); returns
/// its standard output, or nil when python3 is missing or the script fails (the test then skips or
/// fails on its own terms).
enum PythonRunner {
    static func run(_ script: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
