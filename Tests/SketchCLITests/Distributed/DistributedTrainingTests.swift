import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// `mpirun -np 2 sketch train` against one process on the same global batch (docs/distributed.md):
/// the same run, checkpoints that move between rank counts, and faults that end the job.
@Suite(.serialized, .enabled(if: MPIJob.ready, Comment(rawValue: MPIJob.skipReason)))
struct DistributedTrainingTests {
    static func arguments(_ data: URL, type: String, penLoss: String, out: URL, steps: Int) -> [String] {
        let model = type == "vae" ? ["--type", "vae", "--enc", "8", "--dec", "12", "--nz", "4"] : ["--type", "decoder", "--dec", "12"]
        return ["train", "--data", data.path, "--out", out.path, "--pen-loss", penLoss, "--mixtures", "3", "--batch", "8",
                "--steps", "\(steps)", "--log-every", "1", "--eval-every", "10", "--checkpoint-every", "10", "--threads", "1"] + model
    }

    /// Both logs cover `steps`, agree to 1e-4 relative for the first 10 steps (only the order of the
    /// sums differs) and within 1 % after that, validations included.
    static func expectSameRun(_ a: [TrainingLogRecord], _ b: [TrainingLogRecord], steps: Int, _ what: String) {
        #expect(a.map(\.step) == Array(1...steps) && b.map(\.step) == Array(1...steps), "\(what): steps logged")
        for (x, y) in zip(a, b) {
            let tolerance: Float = x.step <= 10 ? 1e-4 : 1e-2
            func close(_ u: Float, _ v: Float) -> Bool { abs(u - v) <= tolerance * max(abs(u), abs(v), 1e-3) }
            let (p, q) = (x.training, y.training)
            #expect(close(p.total, q.total) && close(p.reconstruction, q.reconstruction) && close(p.kl, q.kl),
                    "\(what), step \(x.step): loss \(p.total) / \(q.total), L_R \(p.reconstruction) / \(q.reconstruction), L_KL \(p.kl) / \(q.kl)")
            if let u = x.validation, let v = y.validation { #expect(close(u.total, v.total), "\(what), validation at \(x.step)") }
            #expect((x.validation == nil) == (y.validation == nil))
        }
    }

    @Test(arguments: [("vae", "full"), ("vae", "masked"), ("decoder", "full"), ("decoder", "masked")])
    func twoRanksLogWhatOneProcessLogs(type: String, penLoss: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try MPIJob.walks(in: folder)
        let one = folder.file("one"), two = folder.file("two")
        let alone = try MPIJob.run(ranks: nil, Self.arguments(data, type: type, penLoss: penLoss, out: one, steps: 20), in: folder, label: "one")
        #expect(alone.status == 0, "\(alone.stderr)")
        let pair = try MPIJob.run(ranks: 2, Self.arguments(data, type: type, penLoss: penLoss, out: two, steps: 20), in: folder, label: "two")
        #expect(pair.status == 0, "\(pair.stderr)")
        #expect(pair.stdout.contains("2 ranks × 4 sketches of each batch of 8"), "\(pair.stdout)")
        // Rank 0 alone prints: one summary, not two.
        #expect(pair.stdout.components(separatedBy: "reached step 20").count == 2, "\(pair.stdout)")
        Self.expectSameRun(MPIJob.log(one), MPIJob.log(two), steps: 20, "\(type), \(penLoss)")
        let files = try FileManager.default.contentsOfDirectory(atPath: two.path).sorted()
        #expect(files == ["best.safetensors", "log.jsonl", "loss.svg", "state.safetensors"], "\(files)")
    }

    @Test func checkpointsMoveBetweenRankCounts() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try MPIJob.walks(in: folder)
        let straight = folder.file("straight"), fromTwo = folder.file("from-two"), fromOne = folder.file("from-one")
        func args(_ out: URL, _ steps: Int) -> [String] { Self.arguments(data, type: "vae", penLoss: "masked", out: out, steps: steps) }
        #expect(try MPIJob.run(ranks: nil, args(straight, 20), in: folder, label: "straight").status == 0)
        // 2 ranks to step 10, then one process to 20; and one process to 10, then 2 ranks to 20.
        #expect(try MPIJob.run(ranks: 2, args(fromTwo, 10), in: folder, label: "two-first").status == 0)
        let resumedAlone = try MPIJob.run(ranks: nil, args(fromTwo, 20) + ["--resume"], in: folder, label: "one-second")
        #expect(resumedAlone.status == 0 && resumedAlone.stdout.contains("resuming"), "\(resumedAlone.stderr)")
        #expect(try MPIJob.run(ranks: nil, args(fromOne, 10), in: folder, label: "one-first").status == 0)
        let resumedOnTwo = try MPIJob.run(ranks: 2, args(fromOne, 20) + ["--resume"], in: folder, label: "two-second")
        #expect(resumedOnTwo.status == 0 && resumedOnTwo.stdout.contains("at step 10 on 2 ranks"), "\(resumedOnTwo.stdout) \(resumedOnTwo.stderr)")
        Self.expectSameRun(MPIJob.log(straight), MPIJob.log(fromTwo), steps: 20, "2 ranks, then 1 process")
        Self.expectSameRun(MPIJob.log(straight), MPIJob.log(fromOne), steps: 20, "1 process, then 2 ranks")
    }

    @Test func aBatchThatDoesNotDivideNamesTheFix() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try MPIJob.walks(in: folder)
        var args = Self.arguments(data, type: "decoder", penLoss: "full", out: folder.file("run"), steps: 2)
        args[args.firstIndex(of: "8")!] = "7"
        let result = try MPIJob.run(ranks: 2, args, in: folder, label: "odd")
        #expect(result.status != 0)
        #expect(result.stderr.contains("--batch 7 (the global batch) does not divide into 2 ranks' equal shares: use --batch 6 or 8"),
                "\(result.stderr)")
    }

    /// Waits (at most a minute) until `run` has logged `steps` steps.
    static func waitForLog(_ run: URL, steps: Int, while process: Process) {
        let limit = Date().addingTimeInterval(60)
        while Date() < limit && process.isRunning && (MPIJob.log(run).last?.step ?? 0) < steps { usleep(100_000) }
    }

    @Test func aKilledRankEndsTheJobWithinSeconds() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try MPIJob.walks(in: folder)
        let run = folder.file("run")
        var args = Self.arguments(data, type: "decoder", penLoss: "full", out: run, steps: 1_000_000)
        args[args.firstIndex(of: "--checkpoint-every")! + 1] = "2"
        let (job, _, err) = try MPIJob.start(ranks: 2, args, in: folder, label: "killed")
        defer { if job.isRunning { kill(job.processIdentifier, SIGKILL) } }
        Self.waitForLog(run, steps: 4, while: job)
        let victim = try #require(MPIJob.rankProcess(1, of: job.processIdentifier), "rank 1 of the job")
        let killed = Date()
        kill(victim, SIGKILL)
        let limit = killed.addingTimeInterval(30)
        while job.isRunning && Date() < limit { usleep(50_000) }
        let seconds = Date().timeIntervalSince(killed)
        #expect(!job.isRunning && seconds < 10, "the job still ran \(seconds) s after rank 1 was killed")
        job.waitUntilExit()
        #expect(job.terminationStatus != 0)
        let stderr = MPIJob.read(err)
        #expect(stderr.contains("rank 1") && stderr.contains("signal 9"), "\(stderr)")
        // The last checkpoint is whole and resumes, here in one process.
        let state = try TrainingState.read(from: run.appendingPathComponent("state.safetensors"))
        args[args.firstIndex(of: "1000000")!] = "\(state.step + 2)"
        let resumed = try MPIJob.run(ranks: nil, args + ["--resume"], in: folder, label: "after-kill")
        #expect(resumed.status == 0 && resumed.stdout.contains("reached step \(state.step + 2)"), "\(resumed.stderr)")
    }

    @Test func sigtermToMpirunWritesACheckpoint() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try MPIJob.walks(in: folder)
        let run = folder.file("run")
        let args = Self.arguments(data, type: "vae", penLoss: "full", out: run, steps: 1_000_000)
        // mpirun waits this long before its SIGTERM and again before its SIGKILL (1 s by default).
        let (job, _, err) = try MPIJob.start(ranks: 2, args, in: folder, label: "term",
                                               environment: ["OMPI_MCA_odls_base_sigkill_timeout": "5"])
        defer { if job.isRunning { kill(job.processIdentifier, SIGKILL) } }
        Self.waitForLog(run, steps: 3, while: job)
        kill(job.processIdentifier, SIGTERM)
        let limit = Date().addingTimeInterval(60)
        while job.isRunning && Date() < limit { usleep(50_000) }
        #expect(!job.isRunning, "mpirun still ran a minute after SIGTERM")
        if job.isRunning { kill(job.processIdentifier, SIGKILL) }
        job.waitUntilExit()
        // Checkpoints fall every 10 steps: one at the last step logged was the interrupt's.
        let state = try TrainingState.read(from: run.appendingPathComponent("state.safetensors"))
        #expect(state.step >= 3 && MPIJob.log(run).last?.step == state.step, "checkpoint at \(state.step): \(MPIJob.read(err))")
    }
}
