import CSketchKernels
import Dispatch

/// Splits work over the machine's cores: elementwise loops and, through `BLAS.gemm` and
/// `PackedMatrix`, the matrix products (OpenBLAS itself runs one thread).
///
/// The library's own to configure: the `sketch` command sets the process default from `--threads`,
/// and `SketchModel` runs each call with its own count through `withWorkers(_:_:)`, so an app never
/// sets a global and two models with different counts can run side by side.
package enum Parallel {
    /// The count used where no `withWorkers` scope is active: the machine's cores, at most 8.
    nonisolated(unsafe) private static var processDefault = min(ProcessInfoCores.count, 8)

    /// The count of the innermost `withWorkers` scope on this thread or task, if any.
    @TaskLocal private static var scoped: Int?

    /// Cores used for the elementwise loops and split products; 1 runs everything on the caller's
    /// thread. Setting it changes the process default (the command line's `--threads`, tests).
    package static var workers: Int {
        get { scoped ?? processDefault }
        set { processDefault = max(1, newValue) }
    }

    /// Runs `body` with `count` workers on this thread (and in tasks it starts), whatever the default.
    package static func withWorkers<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
        try $scoped.withValue(max(1, count), operation: body)
    }

    /// Calls `body` on disjoint subranges covering `0..<count`, in parallel when the work is large
    /// enough (`count` at least `minimumPerWorker` times 2) to pay for the hand-off.
    @inline(__always)
    package static func forEachChunk(_ count: Int, minimumPerWorker: Int = 4096, _ body: (Range<Int>) -> Void) {
        let n = min(workers, count / max(minimumPerWorker, 1))
        if n <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: n) { k in
                body((count * k / n)..<(count * (k + 1) / n))
            }
        }
    }
}

extension Parallel {
    /// Calls `body` for every index in `0..<count`, handing the indices out to `workers` threads as
    /// they become free: a core slowed by other work on the machine takes fewer, instead of the
    /// others waiting for it. Two threads take from either end, so that while they run alike each
    /// keeps the same indices from call to call (and their data in its cache). Callers must not
    /// depend on which thread runs an index.
    @inline(__always)
    package static func forEachPiece(_ count: Int, _ body: (Int) -> Void) {
        let n = min(workers, count)
        if n <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        var state = n == 2 ? UInt64(count) : 0
        withUnsafeMutablePointer(to: &state) { state in
            nonisolated(unsafe) let state = state
            withoutActuallyEscaping(body) { body in
                DispatchQueue.concurrentPerform(iterations: n) { k in
                    while true {
                        let i = n > 2 ? sk_take_next(UnsafeMutableRawPointer(state).assumingMemoryBound(to: Int.self))
                            : k == 0 ? sk_take_front(state) : sk_take_back(state)
                        if i < 0 || i >= count { break }
                        body(i)
                    }
                }
            }
        }
    }
}

enum ProcessInfoCores {
    static let count: Int = {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return max(1, Int(sysconf(_SC_NPROCESSORS_ONLN)))
        #endif
    }()
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
