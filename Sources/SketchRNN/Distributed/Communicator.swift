#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The processes that train one model together (docs/distributed.md): each knows its `rank` among
/// `size`, and they meet in collective calls that every rank makes in the same order. One process
/// alone is a communicator of size 1 whose collectives do nothing.
package protocol Communicator: AnyObject {
    var rank: Int { get }
    var size: Int { get }
    /// Replaces every rank's `count` bytes at `bytes` with rank `root`'s.
    func broadcast(_ bytes: UnsafeMutableRawPointer, count: Int, from root: Int)
    /// Replaces every rank's `count` floats with their sum over the ranks, in place.
    func sum(_ values: UnsafeMutablePointer<Float>, count: Int)
    /// The same for doubles (loss terms and votes: a few values).
    func sum(_ values: UnsafeMutablePointer<Double>, count: Int)
    func barrier()
    /// Ends every rank of the job at once, after printing `message` on this rank's stderr.
    func abort(_ message: String, status: Int32) -> Never
    /// Leaves the job cleanly; no collective may follow.
    func finish()
}

extension Communicator {
    /// Rank 0 writes the run's files, prints and validates.
    package var isLeader: Bool { rank == 0 }

    /// Whether any rank passed true: every rank gets the same answer, so they all stop together.
    package func any(_ flag: Bool) -> Bool {
        guard size > 1 else { return flag }
        var vote: Double = flag ? 1 : 0
        sum(&vote, count: 1)
        return vote > 0
    }

    /// Whether any rank passed true, for two questions in one collective.
    package func any(_ first: Bool, _ second: Bool) -> (Bool, Bool) {
        guard size > 1 else { return (first, second) }
        var votes: (Double, Double) = (first ? 1 : 0, second ? 1 : 0)
        withUnsafeMutablePointer(to: &votes) { $0.withMemoryRebound(to: Double.self, capacity: 2) { sum($0, count: 2) } }
        return (votes.0 > 0, votes.1 > 0)
    }

    /// Sums `values` over the ranks, in place.
    package func sum(_ values: inout [Double]) {
        guard size > 1 else { return }
        values.withUnsafeMutableBufferPointer { sum($0.baseAddress!, count: $0.count) }
    }

    /// Rank `root`'s bytes on every rank (its `bytes` argument; the others pass anything).
    package func broadcast(_ bytes: [UInt8], from root: Int) -> [UInt8] {
        guard size > 1 else { return bytes }
        var length = [Double(bytes.count)]
        length.withUnsafeMutableBytes { broadcast($0.baseAddress!, count: $0.count, from: root) }
        var out = rank == root ? bytes : [UInt8](repeating: 0, count: Int(length[0]))
        if !out.isEmpty { out.withUnsafeMutableBytes { broadcast($0.baseAddress!, count: $0.count, from: root) } }
        return out
    }
}

/// One process training alone: every collective is the identity.
package final class SingleProcess: Communicator {
    package init() {}
    package var rank: Int { 0 }
    package var size: Int { 1 }
    package func broadcast(_ bytes: UnsafeMutableRawPointer, count: Int, from root: Int) {}
    package func sum(_ values: UnsafeMutablePointer<Float>, count: Int) {}
    package func sum(_ values: UnsafeMutablePointer<Double>, count: Int) {}
    package func barrier() {}
    package func abort(_ message: String, status: Int32) -> Never {
        fputs(message + "\n", stderr)
        exit(status)
    }
    package func finish() {}
}
