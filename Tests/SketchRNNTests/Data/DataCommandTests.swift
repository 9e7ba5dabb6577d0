import Foundation
import Testing
@testable import SketchRNN

/// Runs the built `sketch` executable (skipped when it has not been built) as a user would.
@Suite struct DataCommandTests {
    static let executable: URL? = ["debug", "release"]
        .map { SharedFiles.projectRoot.appendingPathComponent(".build/\($0)/sketch") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// Runs `sketch arguments`, or `wrapper… sketch arguments` (`prlimit --fsize=…`).
    static func run(_ arguments: [String], wrapper: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        if let first = wrapper.first, let executable {
            process.executableURL = URL(fileURLWithPath: first)
            process.arguments = wrapper.dropFirst() + [executable.path] + arguments
        } else {
            process.executableURL = executable
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

    @Test(.enabled(if: executable != nil, "the sketch executable is not built"))
    func truncatedFileIsAClearErrorAndNonZeroExit() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let whole = folder.file("whole.npz"), cut = folder.file("cut.npz")
        let source = SharedFiles.url("data/aaron_sheep.npz")
        if let source {
            try FileManager.default.copyItem(at: source, to: whole)
        } else {
            try BadNPZTests.writeSmallFile(whole)
        }
        let data = try Data(contentsOf: whole)
        try data.prefix(data.count / 2).write(to: cut)
        let result = try Self.run(["data", "info", cut.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("sketch: error: \(cut.path): not a readable zip archive (truncated or damaged"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)

        let ok = try Self.run(["data", "info", whole.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        if source != nil {
            #expect(ok.stdout.contains("train      7400") && ok.stdout.contains("scale factor 18.5198"), "\(ok.stdout)")
        }
    }

    @Test(.enabled(if: executable != nil, "the sketch executable is not built"))
    func helpAndUsageErrorsKeepArgumentParsersHandling() throws {
        for arguments in [["--help"], ["data", "--help"], ["help", "data", "info"], ["bench", "data", "--help"]] {
            let result = try Self.run(arguments)
            #expect(result.status == 0 && result.stdout.contains("USAGE:") && result.stderr.isEmpty, "\(arguments): \(result.stderr)")
        }
        let bad = try Self.run(["data", "info", "--nmax", "x", "a.npz"])
        #expect(bad.status == 64 && bad.stderr.contains("--nmax"), "\(bad.stderr)")
        let validation = try Self.run(["data", "convert", "a.npz", "--output", "b.txt"])
        #expect(validation.status == 64 && validation.stderr.contains(".npz or .svg"), "\(validation.stderr)")
        // Two inputs make a row of -n: a grid size with them is refused, not silently ignored.
        let gridOfTwo = try Self.run(["interpolate", "random", "random", "--rows", "3"])
        #expect(gridOfTwo.status == 64 && gridOfTwo.stderr.contains("two sketches give a row of -n"), "\(gridOfTwo.stderr)")
    }

    @Test(.enabled(if: executable != nil, "the sketch executable is not built"))
    func convertingBadNDJSONWritesNoOutput() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.file("bad.ndjson"), output = folder.file("out.npz")
        try Data("{\"drawing\":[[[0,1],[0,1]]]}\n{\"drawing\":[[[0,1],[0,NaN]]]}\n".utf8).write(to: input)
        let result = try Self.run(["data", "convert", input.path, "--output", output.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("sketch: error: \(input.path): line 2: "), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["bad.ndjson"])
    }
}
