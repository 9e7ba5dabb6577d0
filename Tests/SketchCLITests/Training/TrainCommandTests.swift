import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// `sketch train`'s flags as a user meets them: each shows its default, and each setting flag a
/// resumed run may not change is refused by its own name (the names are derived from the options'
/// properties, so this checks that every derived name is the flag ArgumentParser parses).
@Suite(.enabled(if: SketchExecutable.url != nil, "the sketch executable is not built"))
struct TrainCommandTests {
    /// Every setting flag with a value other than the first run's.
    static let changedSettings: [(flag: String, value: String?)] = [
        ("--type", "decoder"), ("--cell", "hyper"), ("--enc", "9"), ("--dec", "9"), ("--nz", "5"), ("--mixtures", "3"),
        ("--max-seq-len", "120"), ("--dropout-keep", "0.8"), ("--batch", "5"), ("--lr", "0.002"), ("--lr-min", "2e-05"),
        ("--lr-decay", "0.999"), ("--kl-weight", "0.6"), ("--kl-weight-start", "0.02"), ("--kl-decay", "0.9999"),
        ("--kl-min", "0.3"), ("--grad-clip", "2.0"), ("--clip-norm", nil), ("--seed", "2"), ("--pen-loss", "masked"),
        ("--end-rows", "8"), ("--random-scale", "0.1"), ("--stroke-drop", "0.2"),
    ]

    @Test func aResumedRunRefusesEverySettingFlagThatChangesItByName() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = FixtureData.url("aaron_sheep.npz").path, out = folder.file("run").path
        let first = try SketchExecutable.run(["train", "--data", data, "--enc", "8", "--dec", "8", "--nz", "4", "--mixtures", "2",
                                              "--batch", "4", "--max-seq-len", "150", "--steps", "1", "--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        let changed = Self.changedSettings.flatMap { [$0.flag] + ($0.value.map { [$0] } ?? []) }
        let resumed = try SketchExecutable.run(["train", "--data", data, "--resume", "--steps", "2", "--out", out] + changed)
        #expect(resumed.status != 0)
        for (flag, value) in Self.changedSettings {
            #expect(resumed.stderr.contains("\(flag) \(value ?? "true") (the checkpoint has "), "\(flag): \(resumed.stderr)")
        }
        // The pacing may change on resume.
        let paced = try SketchExecutable.run(["train", "--data", data, "--resume", "--steps", "2", "--log-every", "1",
                                              "--eval-every", "1", "--checkpoint-every", "1", "--out", out])
        #expect(paced.status == 0, "\(paced.stderr)")
    }

    @Test func helpShowsEachDefault() throws {
        let help = try SketchExecutable.run(["train", "--help"]).stdout.split(separator: "\n").joined(separator: " ")
            .split(separator: " ").joined(separator: " ")
        for (flag, value) in [("--type", "vae"), ("--dec", "512"), ("--batch", "100"), ("--lr-min", "1e-05"), ("--kl-min", "0.2"),
                              ("--pen-loss", "full"), ("--log-every", "10"), ("--eval-every", "500"), ("--checkpoint-every", "500")] {
            let after = try #require(help.range(of: "\(flag) <"), "\(flag) is missing")
            let rest = help[after.upperBound...]
            let next = rest.range(of: " --")?.lowerBound ?? rest.endIndex
            #expect(rest[..<next].contains("default: \(value))"), "\(flag): \(rest[..<next])")
        }
        #expect(!help.contains("the command's"))
    }
}
