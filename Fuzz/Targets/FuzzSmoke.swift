import Foundation

/// A quick pass over every fuzz target without libFuzzer: its seeds, every reproducer, then a few
/// seconds of mutations of the seeds from a fixed seed (so a crash here reruns the same way). It
/// finds little by itself; it keeps the targets building and running, and every reproducer fixed.
package struct FuzzSmoke {
    package var secondsOfMutations: Double
    /// Kills the process (SIGALRM) when one input takes longer: a hang is a finding.
    package var secondsPerInput: UInt32 = 10
    package var targets = FuzzTarget.allCases

    package init(secondsOfMutations: Double) { self.secondsOfMutations = secondsOfMutations }

    package func runAll() throws {
        for target in targets {
            let runner = FuzzRunner(target)
            let seeds = try Seeds.make(target)
            let started = Date()
            for seed in seeds { watched { runner.run(seed) } }
            let reproducers = Reproducers.make(target)
            for reproducer in reproducers {
                log("\(target.rawValue): reproducer \(reproducer.name)")
                watched { runner.run(reproducer.bytes) }
            }
            var mutator = Mutator(seed: 0x5EED &+ UInt64(FuzzTarget.allCases.firstIndex(of: target)!))
            var runs = 0
            let mutationsStarted = Date()
            while Date().timeIntervalSince(mutationsStarted) < secondsOfMutations {
                let input = mutator.mutate(seeds[runs % seeds.count], splicing: seeds[(runs / 3) % seeds.count])
                watched { runner.run(input) }
                runs += 1
            }
            log("\(target.rawValue): \(seeds.count) seeds, \(reproducers.count) reproducers, \(runs) mutations, "
                + String(format: "%.1f s", Date().timeIntervalSince(started)))
        }
    }

    private func watched(_ body: () -> Void) {
        alarm(secondsPerInput)
        body()
        alarm(0)
    }

    private func log(_ line: String) { FileHandle.standardError.write(Data("fuzz smoke: \(line)\n".utf8)) }
}

/// libFuzzer-like byte mutations (flip, overwrite with an interesting value, insert, erase, splice),
/// from a SplitMix64 stream.
struct Mutator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
    }

    mutating func mutate(_ seed: Data, splicing other: Data) -> Data {
        var bytes = [UInt8](seed)
        for _ in 0...next(4) {
            let at = next(bytes.count + 1)
            switch next(6) {
            case 0 where at < bytes.count: bytes[at] ^= UInt8(1 << next(8))
            case 1 where at < bytes.count:
                let interesting: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF, 0x28, 0x5D, 0x2E, 0x22, 0x2C]
                bytes[at] = interesting[next(interesting.count)]
            case 2: bytes.insert(contentsOf: (0..<next(8) + 1).map { _ in UInt8(next(256)) }, at: at)
            case 3 where at < bytes.count: bytes.removeSubrange(at..<min(bytes.count, at + next(16) + 1))
            case 4 where !other.isEmpty:
                let from = next(other.count)
                bytes.insert(contentsOf: other[other.startIndex + from..<other.startIndex + min(other.count, from + next(64) + 1)], at: at)
            default: if !bytes.isEmpty { bytes.removeLast() }
            }
        }
        return Data(bytes)
    }
}
