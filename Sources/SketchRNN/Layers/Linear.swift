/// A dense layer `y = x W + b` over a batch of rows: `x [rows, in]`, `W [in, out]`, `b [out]`.
/// One matrix product for all rows (a matrix-vector product when there is one row).
enum Linear {
    static func forward(
        rows: Int, inputs: Int, outputs: Int, x: UnsafePointer<Float>, ldx: Int? = nil,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>, accumulate: Bool = false
    ) {
        let ldx = ldx ?? inputs
        if let bias, !accumulate {
            for r in 0..<rows { (y + r * outputs).update(from: bias, count: outputs) }
        } else if !accumulate {
            y.update(repeating: 0, count: rows * outputs)
        } else if let bias {
            for r in 0..<rows { BLAS.axpy(count: outputs, alpha: 1, x: bias, y: y + r * outputs) }
        }
        matmul(rows: rows, inner: inputs, columns: outputs, a: x, lda: ldx, b: weight, beta: 1, c: y)
    }

    /// `c = a b + beta c` for `a [rows, inner]`, `b [inner, columns]`: a matrix-vector product when
    /// there is one row (faster than a one-row matrix product in OpenBLAS).
    @inline(__always)
    static func matmul(
        rows: Int, inner: Int, columns: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>
    ) {
        if rows == 1 {
            BLAS.gemv(trans: true, m: inner, n: columns, a: b, lda: columns, x: a, beta: beta, y: c)
        } else {
            BLAS.gemm(m: rows, n: columns, k: inner, a: a, lda: lda, b: b, ldb: columns, beta: beta, c: c, ldc: columns)
        }
    }

    /// Accumulates `dW += xᵀ dy` and `db += Σ_rows dy`; writes (or, with `accumulateInput`, adds)
    /// `dx = dy Wᵀ` when `dx` is given.
    static func backward(
        rows: Int, inputs: Int, outputs: Int, x: UnsafePointer<Float>, ldx: Int? = nil,
        weight: UnsafePointer<Float>, dy: UnsafePointer<Float>,
        dWeight: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>?,
        dx: UnsafeMutablePointer<Float>?, lddx: Int? = nil, accumulateInput: Bool = false
    ) {
        BLAS.gemm(transA: true, m: inputs, n: outputs, k: rows, a: x, lda: ldx ?? inputs, b: dy, ldb: outputs,
                  beta: 1, c: dWeight, ldc: outputs)
        if let dBias { columnSums(rows: rows, columns: outputs, dy, into: dBias) }
        if let dx {
            BLAS.gemm(transB: true, m: rows, n: inputs, k: outputs, a: dy, lda: outputs, b: weight, ldb: outputs,
                      beta: accumulateInput ? 1 : 0, c: dx, ldc: lddx ?? inputs)
        }
    }

    /// `into[c] += Σ_r m[r, c]`.
    static func columnSums(rows: Int, columns: Int, _ m: UnsafePointer<Float>, into: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = m + r * columns
            for c in 0..<columns { into[c] += row[c] }
        }
    }
}
