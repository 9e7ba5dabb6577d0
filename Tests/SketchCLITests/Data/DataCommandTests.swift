import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// `sketch data` as a user runs it.
@Suite struct DataCommandTests {
    @Test(.enabled(if: SketchExecutable.url != nil, "the sketch executable is not built"))
    func truncatedFileIsAClearErrorAndNonZeroExit() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let whole = folder.file("whole.npz"), cut = folder.file("cut.npz")
        let source = SharedFiles.url("data/aaron_sheep.npz")
        if let source {
            try FileManager.default.copyItem(at: source, to: whole)
        } else {
            try FixtureData.writeSmallFile(whole)
        }
        let data = try Data(contentsOf: whole)
        try data.prefix(data.count / 2).write(to: cut)
        let result = try SketchExecutable.run(["data", "info", cut.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("sketch: error: \(cut.path): not a readable zip archive (truncated or damaged"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)

        let ok = try SketchExecutable.run(["data", "info", whole.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        if source != nil {
            #expect(ok.stdout.contains("train      7400") && ok.stdout.contains("scale factor 18.5198"), "\(ok.stdout)")
        }
    }

    @Test(.enabled(if: SketchExecutable.url != nil, "the sketch executable is not built"))
    func helpAndUsageErrorsKeepArgumentParsersHandling() throws {
        for arguments in [["--help"], ["data", "--help"], ["help", "data", "info"], ["bench", "data", "--help"]] {
            let result = try SketchExecutable.run(arguments)
            #expect(result.status == 0 && result.stdout.contains("USAGE:") && result.stderr.isEmpty, "\(arguments): \(result.stderr)")
        }
        let bad = try SketchExecutable.run(["data", "info", "--nmax", "x", "a.npz"])
        #expect(bad.status == 64 && bad.stderr.contains("--nmax"), "\(bad.stderr)")
        let validation = try SketchExecutable.run(["data", "convert", "a.npz", "--output", "b.txt"])
        #expect(validation.status == 64 && validation.stderr.contains(".npz or .svg"), "\(validation.stderr)")
        // Two inputs make a row of -n: a grid size with them is refused, not silently ignored.
        let gridOfTwo = try SketchExecutable.run(["interpolate", "random", "random", "--rows", "3"])
        #expect(gridOfTwo.status == 64 && gridOfTwo.stderr.contains("two sketches give a row of -n"), "\(gridOfTwo.stderr)")
    }

    @Test(.enabled(if: SketchExecutable.url != nil, "the sketch executable is not built"))
    func convertingBadNDJSONWritesNoOutput() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.file("bad.ndjson"), output = folder.file("out.npz")
        try Data("{\"drawing\":[[[0,1],[0,1]]]}\n{\"drawing\":[[[0,1],[0,NaN]]]}\n".utf8).write(to: input)
        let result = try SketchExecutable.run(["data", "convert", input.path, "--output", output.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("sketch: error: \(input.path): line 2: "), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["bad.ndjson"])
    }
}
