import ArgumentParser
import Foundation
import SketchRNN

/// `sketch bench allreduce`, under mpirun: the time of the gradient sum that distributed training
/// makes once a step (docs/distributed.md), over whatever links the ranks have.
struct BenchAllreduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allreduce",
        abstract: "Time the sum of a gradient buffer over MPI ranks (start with mpirun -np N).",
        discussion: "Sums the flat gradient buffer of the VAE 256/512/128 (or --floats) the way training does, "
            + "--rounds times after a warm-up, and prints the median, fastest and slowest on rank 0."
    )

    @Option(help: "Floats in the buffer (default: the VAE 256/512/128's parameters).") var floats: Int?
    @Option(help: "Timed rounds.") var rounds = 20
    @Flag(help: "One JSON line.") var json = false

    func validate() throws {
        if let floats, floats < 1 { throw ValidationError("--floats must be at least 1") }
        if rounds < 1 { throw ValidationError("--rounds must be at least 1") }
    }

    func run() throws {
        let world = try World.join()
        defer { world.finish() }
        let count = floats ?? ParameterLayout(config: ModelConfig(type: .vae, encoderSize: 256, decoderSize: 512, latentSize: 128)).totalCount
        var buffer = [Float](repeating: 1, count: count)
        var seconds: [Double] = []
        for round in 0...rounds {
            world.barrier()
            let began = DispatchTime.now().uptimeNanoseconds
            buffer.withUnsafeMutableBufferPointer { world.sum($0.baseAddress!, count: count) }
            let took = Double(DispatchTime.now().uptimeNanoseconds - began) * 1e-9
            if round > 0 { seconds.append(took) }  // round 0 sets up the connections
            buffer.withUnsafeMutableBufferPointer { $0.update(repeating: 1) }
        }
        guard world.isLeader else { return }
        let sorted = seconds.sorted()
        let median = sorted[sorted.count / 2]
        let megabytes = Double(count * 4) / 1e6
        if json {
            print(#"{"ranks": \#(world.size), "floats": \#(count), "rounds": \#(rounds), "median_ms": \#(String(format: "%.2f", median * 1000)), "#
                + #""min_ms": \#(String(format: "%.2f", sorted[0] * 1000)), "max_ms": \#(String(format: "%.2f", sorted.last! * 1000))}"#)
        } else {
            print(String(format: "allreduce (sum) of %d floats (%.1f MB) over %d ranks, %d rounds: median %.2f ms, fastest %.2f ms, slowest %.2f ms (%.2f GB/s of buffer)",
                         count, megabytes, world.size, rounds, median * 1000, sorted[0] * 1000, sorted.last! * 1000, megabytes / 1000 / median))
        }
    }
}
