import Foundation
import SketchTestSupport
@testable import SketchRNN

/// Runs the built `sketch` executable alone or under `mpirun` (tests skip when either is missing,
/// or when this build lacks the MPI trait), with output in files so a long run never fills a pipe.
enum MPIJob {
    static let mpirun: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("mpirun") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    static var ready: Bool { mpirun != nil && World.hasMPI && SketchExecutable.url != nil }
    static let skipReason = "needs mpirun (openmpi-bin) and sketch built with --traits MPI (make test does both)"

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `sketch ARGUMENTS` on `ranks` MPI ranks (nil: one plain process, no mpirun), started but not waited for.
    static func start(ranks: Int?, _ arguments: [String], in folder: TemporaryFolder, label: String,
                      environment extra: [String: String] = [:]) throws -> (Process, out: URL, err: URL) {
        let sketch = SketchExecutable.url!.path
        let process = Process()
        var environment = ProcessInfo.processInfo.environment
        // CI runs as root; Open MPI refuses root unless told twice.
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        for (k, v) in extra { environment[k] = v }
        process.environment = environment
        if let ranks {
            process.executableURL = mpirun
            process.arguments = ["-np", "\(ranks)", "--oversubscribe", sketch] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: sketch)
            process.arguments = arguments
        }
        let out = folder.file("\(label).out"), err = folder.file("\(label).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        // A child inherits the spawning thread's blocked signals, and the test runner's threads block
        // SIGTERM: mpirun would never see the SIGTERM a test sends it.
        var all = sigset_t(), saved = sigset_t()
        sigemptyset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        try process.run()
        return (process, out, err)
    }

    static func run(ranks: Int?, _ arguments: [String], in folder: TemporaryFolder, label: String,
                    environment: [String: String] = [:]) throws -> Result {
        let (process, out, err) = try start(ranks: ranks, arguments, in: folder, label: label, environment: environment)
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: read(out), stderr: read(err))
    }

    static func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    /// The log a run wrote, one record per line.
    static func log(_ run: URL) -> [TrainingLogRecord] {
        read(run.appendingPathComponent("log.jsonl")).split(separator: "\n").compactMap { TrainingLogRecord(jsonLine: String($0)) }
    }

    /// The pids of `parent`'s children that run MPI rank `rank`.
    static func rankProcess(_ rank: Int, of parent: Int32) -> Int32? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in entries {
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == parent,
                  let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { continue }
            let variables = environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if variables.contains("OMPI_COMM_WORLD_RANK=\(rank)") { return pid }
        }
        return nil
    }

    /// A small made-up data set as a sketch-rnn `.npz` (offsets in pixels, as data files hold them).
    static func walks(in folder: TemporaryFolder) throws -> URL {
        let data = folder.file("walks.npz")
        let walks = TrainingFixtures.sketches(count: 60, seed: 3, maxLength: 16).map { s in
            Sketch(points: s.points.map { StrokePoint(dx: ($0.dx * 20).rounded(), dy: ($0.dy * 20).rounded(), penLifted: $0.penLifted) })
        }
        try SketchFile(train: walks, valid: Array(walks.prefix(12)), test: Array(walks.prefix(5))).write(to: data)
        return data
    }
}
