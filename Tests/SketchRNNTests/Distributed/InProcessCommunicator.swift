import Foundation
@testable import SketchRNN

/// `size` ranks as threads of one process, their collectives over shared memory: the plain test run's
/// stand-in for MPI. Every rank adds the ranks' values in rank order, as one sum over the job.
final class InProcessGroup: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var arrived = 0
    private var generation = 0
    /// Each rank's buffer in the collective under way.
    private var buffers: [UnsafeMutableRawPointer?]

    init(size: Int) {
        self.size = size
        buffers = Array(repeating: nil, count: size)
    }

    /// The rank communicators, one for each thread.
    func ranks() -> [InProcessRank] { (0..<size).map { InProcessRank(group: self, rank: $0) } }

    func barrier() {
        condition.lock()
        let mine = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == mine { condition.wait() }
        }
        condition.unlock()
    }

    /// Publishes `rank`'s buffer, lets `combine` read every rank's once all are published, then waits
    /// until every rank has read before anyone writes.
    func collective(rank: Int, buffer: UnsafeMutableRawPointer, combine: ([UnsafeMutableRawPointer]) -> Void, write: () -> Void) {
        condition.lock()
        buffers[rank] = buffer
        condition.unlock()
        barrier()
        condition.lock()
        let all = buffers.map { $0! }
        condition.unlock()
        combine(all)
        barrier()
        write()
        barrier()
    }
}

final class InProcessRank: Communicator {
    let group: InProcessGroup
    let rank: Int
    var size: Int { group.size }

    init(group: InProcessGroup, rank: Int) {
        self.group = group
        self.rank = rank
    }

    func broadcast(_ bytes: UnsafeMutableRawPointer, count: Int, from root: Int) {
        var copy = [UInt8](repeating: 0, count: count)
        group.collective(rank: rank, buffer: bytes, combine: { all in
            copy.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: all[root], byteCount: count) }
        }, write: { copy.withUnsafeBytes { bytes.copyMemory(from: $0.baseAddress!, byteCount: count) } })
    }

    func sum(_ values: UnsafeMutablePointer<Float>, count: Int) { add(values, count: count) }
    func sum(_ values: UnsafeMutablePointer<Double>, count: Int) { add(values, count: count) }

    private func add<T: FloatingPoint>(_ values: UnsafeMutablePointer<T>, count: Int) {
        var total = [T](repeating: 0, count: count)
        group.collective(rank: rank, buffer: UnsafeMutableRawPointer(values), combine: { all in
            for buffer in all {
                let v = buffer.assumingMemoryBound(to: T.self)
                for i in 0..<count { total[i] += v[i] }
            }
        }, write: { values.update(from: total, count: count) })
    }

    func barrier() { group.barrier() }
    func abort(_ message: String, status: Int32) -> Never { fatalError(message) }
    func finish() {}

    /// Runs `body` once for each rank, each on a thread of its own (ranks meet in collectives, so
    /// they cannot take turns on one thread), with one worker each; returns their results in rank order.
    static func run<T>(ranks: Int, _ body: @escaping @Sendable (InProcessRank) -> T) -> [T] {
        let group = InProcessGroup(size: ranks)
        let results = ResultBox<T>(count: ranks)
        let done = DispatchGroup()
        for communicator in group.ranks() {
            done.enter()
            let thread = Thread {
                let result = Parallel.withWorkers(1) { body(communicator) }
                results.set(communicator.rank, result)
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        return results.values
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }
    var values: [T] { lock.withLock { slots.map { $0! } } }
}
