#if canImport(Accelerate)
import Accelerate
#else
import COpenBLAS
#endif
import CSketchKernels

/// Row-major single-precision BLAS, the only path by which the model core multiplies matrices.
///
/// Callers pass raw pointers so that the hot loops can work on preallocated buffers without copying.
package enum BLAS {
    /// `C = alpha * op(A) * op(B) + beta * C`, all row-major; `op(A)` is `m × k`, `op(B)` is `k × n`.
    @inline(__always)
    package static func gemm(
        transA: Bool = false, transB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        BLASRuntime.prepare()
        count(multiplyAdds: m * n * k)
        let workers = Parallel.workers
        guard workers > 1, m * n * k >= splitThreshold, threads == 1 else {
            sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        // Single-threaded OpenBLAS on each worker's block of C, split along its longer side at
        // multiples of 16: the workers' own threads take over from OpenBLAS's (which would spin
        // beside the model core's loops), and a busy core's block is taken by the other worker
        // rather than waited for. Each element's sum is the same for any split.
        let byColumns = n >= m
        let length = byColumns ? n : m
        let chunks = min(workers, max(1, length / 16))
        Parallel.forEachChunk(chunks, minimumPerWorker: 1) { range in
            for chunk in range {
                let first = length * chunk / chunks / 16 * 16
                let end = chunk == chunks - 1 ? length : length * (chunk + 1) / chunks / 16 * 16
                if byColumns {
                    sgemm(transA, transB, m, end - first, k, alpha, a, lda, b + (transB ? first * ldb : first), ldb,
                          beta, c + first, ldc)
                } else {
                    sgemm(transA, transB, end - first, n, k, alpha, a + (transA ? first : first * lda), lda, b, ldb,
                          beta, c + first * ldc, ldc)
                }
            }
        }
    }

    /// Multiply-adds from which a product is split over `Parallel`'s workers (when BLAS itself runs
    /// one thread).
    static let splitThreshold = 1 << 22

    @inline(__always)
    private static func sgemm(
        _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
        _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `y = alpha * op(A) * x + beta * y`, `A` row-major `m × n`.
    @inline(__always)
    package static func gemv(
        trans: Bool = false, m: Int, n: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        BLASRuntime.prepare()
        count(multiplyAdds: m * n)
        cblas_sgemv(
            CblasRowMajor, trans ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda),
            x, 1, beta, y, 1)
    }

    /// `y += alpha * x`.
    @inline(__always)
    package static func axpy(count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        BLASRuntime.prepare()
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// Adds a product's multiply-adds to the running count that benchmarks read.
    @inline(__always)
    static func count(multiplyAdds: Int) { sk_count_multiply_adds(UInt64(multiplyAdds)) }

    /// Multiply-adds of every product this process has run (matrix products and the packed
    /// recurrent products), for benchmarks: two floating-point operations each.
    package static var multiplyAdds: UInt64 { UInt64(sk_multiply_adds()) }

    /// Number of threads BLAS may use (OpenBLAS); Accelerate manages its own.
    package static var threads: Int {
        get {
            #if canImport(Accelerate)
            return 1
            #else
            return Int(openblas_get_num_threads())
            #endif
        }
        set {
            #if !canImport(Accelerate)
            BLASRuntime.prepare()
            openblas_set_num_threads(Int32(newValue))
            #endif
        }
    }
}
