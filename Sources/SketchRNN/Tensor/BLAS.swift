#if canImport(Accelerate)
import Accelerate
#else
import COpenBLAS
#endif
import CSketchKernels

/// Row-major single-precision BLAS, the only path by which the model core multiplies matrices.
///
/// Callers pass raw pointers so that the hot loops can work on preallocated buffers without copying.
public enum BLAS {
    /// `C = alpha * op(A) * op(B) + beta * C`, all row-major; `op(A)` is `m × k`, `op(B)` is `k × n`.
    @inline(__always)
    public static func gemm(
        transA: Bool = false, transB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        BLASRuntime.prepare()
        count(multiplyAdds: m * n * k)
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `y = alpha * op(A) * x + beta * y`, `A` row-major `m × n`.
    @inline(__always)
    public static func gemv(
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
    public static func axpy(count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        BLASRuntime.prepare()
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// Adds a product's multiply-adds to the running count that benchmarks read.
    @inline(__always)
    static func count(multiplyAdds: Int) { sk_count_multiply_adds(UInt64(multiplyAdds)) }

    /// Multiply-adds of every product this process has run (matrix products and the packed
    /// recurrent products), for benchmarks: two floating-point operations each.
    public static var multiplyAdds: UInt64 { UInt64(sk_multiply_adds()) }

    /// Number of threads BLAS may use (OpenBLAS); Accelerate manages its own.
    public static var threads: Int {
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
