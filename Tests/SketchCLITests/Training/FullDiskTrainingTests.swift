import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// `sketch train` on a disk that fills up.
@Suite struct FullDiskTrainingTests {
    static var prlimit: String? { ["/usr/bin/prlimit", "/bin/prlimit"].first { FileManager.default.isExecutableFile(atPath: $0) } }

    /// A disk that filled while log.jsonl was appended crashed training (`try!` in FileHandle.write)
    /// and tore the log's last line. A file-size limit (`prlimit --fsize`, SIGXFSZ ignored) makes
    /// writes fail the way a full disk does: the run must stop with a message, its checkpoint whole.
    @Test(.enabled(if: SketchExecutable.url != nil && prlimit != nil, "needs the sketch executable and prlimit"))
    func aFullDiskStopsTrainingCleanlyWithTheCheckpointIntact() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = folder.file("walks.npz")
        let walks = TrainingFixtures.sketches(count: 60, seed: 3, maxLength: 16).map { s in
            Sketch(points: s.points.map { StrokePoint(dx: ($0.dx * 20).rounded(), dy: ($0.dy * 20).rounded(), penLifted: $0.penLifted) })
        }
        try SketchFile(train: walks, valid: Array(walks.prefix(10)), test: Array(walks.prefix(5))).write(to: data)
        let out = folder.file("run")
        let sketch = try #require(SketchExecutable.url).path, limit = try #require(Self.prlimit)
        let command = "exec '\(limit)' --fsize=40000 '\(sketch)' train --data '\(data.path)' --type decoder "
            + "--dec 16 --mixtures 3 --batch 4 --steps 2000 --checkpoint-every 1 --log-every 1 --eval-every 50 --out '\(out.path)'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.hasPrefix("sketch: error: training stopped at step "), "\(stderr)")
        #expect(stderr.contains("File too large") && stderr.contains("is intact. Free some space and resume the run. (Add --resume to the same command.)"), "\(stderr)")
        let state = try TrainingState.read(from: out.appendingPathComponent("state.safetensors"))
        #expect(state.step > 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!files.contains { $0.hasSuffix(".partial") }, "\(files)")
        let lines = try String(contentsOf: out.appendingPathComponent("log.jsonl"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "" && lines.dropLast().allSatisfy { TrainingLogRecord(jsonLine: String($0)) != nil })
    }
}
