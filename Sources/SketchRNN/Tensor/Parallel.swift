import Dispatch

/// Splits work over the machine's cores: elementwise loops and, through `BLAS.gemm` and
/// `PackedMatrix`, the matrix products (OpenBLAS itself runs one thread).
public enum Parallel {
    /// Cores used for the elementwise loops; 1 runs everything on the caller's thread.
    nonisolated(unsafe) public static var workers = min(ProcessInfoCores.count, 8)

    /// Calls `body` on disjoint subranges covering `0..<count`, in parallel when the work is large
    /// enough (`count` at least `minimumPerWorker` times 2) to pay for the hand-off.
    @inline(__always)
    public static func forEachChunk(_ count: Int, minimumPerWorker: Int = 4096, _ body: (Range<Int>) -> Void) {
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
