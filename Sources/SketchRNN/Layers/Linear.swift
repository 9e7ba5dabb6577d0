import CSketchKernels

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
    ///
    /// A few rows against a large `b` (sampling several streams: 8 × 512 × 2048) run as column
    /// blocks of at most `smallProduct` multiply-adds, spread over the cores: OpenBLAS packs the
    /// whole of `b` on every large call (as long as the product itself for so few rows), while its
    /// small-matrix kernels read `b` in place. Block edges are fixed, so results do not depend on
    /// the number of cores. OpenBLAS runs single-threaded (`BLASRuntime`), so its own threads neither
    /// split these products nor spin between them.
    @inline(__always)
    static func matmul(
        rows: Int, inner: Int, columns: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>
    ) {
        if rows == 1 {
            // With OpenBLAS single-threaded (generation), a large product is split over the cores here.
            let halves = inner * columns >= smallProduct / 4 && Parallel.workers > 1 && BLAS.threads == 1 ? 2 : 1
            let block = ((columns + halves - 1) / halves + 15) / 16 * 16
            Parallel.forEachChunk(halves, minimumPerWorker: 1) { range in
                for i in range {
                    let first = i * block, width = min(block, columns - first)
                    if width <= 0 { continue }
                    BLAS.gemv(trans: true, m: inner, n: width, a: b + first, lda: columns, x: a, beta: beta, y: c + first)
                }
            }
        } else if rows <= smallRows && rows * inner * columns > smallProduct {
            // An even number of blocks of a multiple of 16 columns, each within the small-kernel limit.
            var blocks = (rows * inner * columns + smallProduct - 1) / smallProduct
            blocks += blocks % 2
            let block = ((columns + blocks - 1) / blocks + 15) / 16 * 16
            blocks = (columns + block - 1) / block
            Parallel.forEachChunk(blocks, minimumPerWorker: 1) { range in
                for i in range {
                    let first = i * block, width = min(block, columns - first)
                    BLAS.gemm(m: rows, n: width, k: inner, a: a, lda: lda, b: b + first, ldb: columns, beta: beta,
                              c: c + first, ldc: columns)
                }
            }
        } else {
            BLAS.gemm(m: rows, n: columns, k: inner, a: a, lda: lda, b: b, ldb: columns, beta: beta, c: c, ldc: columns)
        }
    }

    /// Row counts treated as "a few streams" by `matmul`.
    static let smallRows = 32
    /// OpenBLAS's limit (M·N·K) for its small-matrix kernels on AVX-512 machines.
    static let smallProduct = 1_000_000

    /// Accumulates `dW += xᵀ dy` and `db += Σ_rows dy`; writes (or, with `accumulateInput`, adds)
    /// `dx = dy Wᵀ` when `dx` is given.
    static func backward(
        rows: Int, inputs: Int, outputs: Int, x: UnsafePointer<Float>, ldx: Int? = nil,
        weight: UnsafePointer<Float>, dy: UnsafePointer<Float>,
        dWeight: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>?,
        dx: UnsafeMutablePointer<Float>?, lddx: Int? = nil, accumulateInput: Bool = false
    ) {
        accumulateWeightGradient(rows: rows, inputs: inputs, outputs: outputs, x: x, ldx: ldx, dy: dy, dWeight: dWeight)
        if let dBias { columnSums(rows: rows, columns: outputs, dy, into: dBias) }
        if let dx {
            inputGradient(rows: rows, inputs: inputs, outputs: outputs, dy: dy, weight: weight, dx: dx, lddx: lddx,
                          accumulate: accumulateInput)
        }
    }

    /// `dW += xᵀ dy` for `x [rows, inputs]`, `dy [rows, outputs]` and `dW [inputs, outputs]`, each
    /// possibly a block of a wider matrix (leading dimensions `ldx`, `lddy`, `ldw`).
    static func accumulateWeightGradient(
        rows: Int, inputs: Int, outputs: Int, x: UnsafePointer<Float>, ldx: Int? = nil,
        dy: UnsafePointer<Float>, lddy: Int? = nil, dWeight: UnsafeMutablePointer<Float>, ldw: Int? = nil
    ) {
        BLAS.gemm(transA: true, m: inputs, n: outputs, k: rows, a: x, lda: ldx ?? inputs, b: dy, ldb: lddy ?? outputs,
                  beta: 1, c: dWeight, ldc: ldw ?? outputs)
    }

    /// `dx = dy Wᵀ` (with `accumulate`, `dx += dy Wᵀ`) for `dy [rows, outputs]`, `W [inputs, outputs]`
    /// and `dx [rows, inputs]`, each possibly a block of a wider matrix.
    static func inputGradient(
        rows: Int, inputs: Int, outputs: Int, dy: UnsafePointer<Float>, lddy: Int? = nil,
        weight: UnsafePointer<Float>, ldw: Int? = nil, dx: UnsafeMutablePointer<Float>, lddx: Int? = nil,
        accumulate: Bool = false
    ) {
        BLAS.gemm(transB: true, m: rows, n: inputs, k: outputs, a: dy, lda: lddy ?? outputs, b: weight, ldb: ldw ?? outputs,
                  beta: accumulate ? 1 : 0, c: dx, ldc: lddx ?? inputs)
    }

    /// `y = x W` for blocks of wider matrices (the HyperLSTM's per-block scalings): one plain
    /// product, whatever the row count.
    static func blockProduct(
        rows: Int, inputs: Int, outputs: Int, x: UnsafePointer<Float>, ldx: Int, weight: UnsafePointer<Float>,
        ldw: Int? = nil, y: UnsafeMutablePointer<Float>, ldy: Int
    ) {
        BLAS.gemm(m: rows, n: outputs, k: inputs, a: x, lda: ldx, b: weight, ldb: ldw ?? outputs, beta: 0, c: y, ldc: ldy)
    }

    /// `into[c] += Σ_r m[r, c]`.
    static func columnSums(rows: Int, columns: Int, _ m: UnsafePointer<Float>, into: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = m + r * columns
            for c in 0..<columns { into[c] += row[c] }
        }
    }

    /// `y[r] = base[r] + x[r] W` for a narrow input (the 5 stroke values), columns `columns` of it,
    /// on the calling thread. Row r's base is `rowBias[r % period]` when given, else `bias`, else
    /// zero (`sk_narrow_projection`).
    static func narrowProjection(
        rows: Int, inputs: Int, outputs: Int, x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, rowBias: UnsafePointer<Float>?, period: Int, y: UnsafeMutablePointer<Float>,
        columns: Range<Int>
    ) {
        sk_narrow_projection(Int32(rows), 0, Int32(period), Int32(inputs), Int32(outputs), x, weight, bias, rowBias,
                             Int32(columns.lowerBound), Int32(columns.upperBound), y)
    }

    /// The same for all columns, in one pass over `y` split by rows over the cores.
    static func narrowProjection(
        rows: Int, inputs: Int, outputs: Int, x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, rowBias: UnsafePointer<Float>?, period: Int, y: UnsafeMutablePointer<Float>
    ) {
        Parallel.forEachChunk(rows, minimumPerWorker: max(1, 65536 / outputs)) { range in
            let r = range.lowerBound
            sk_narrow_projection(Int32(range.count), Int32(r % period), Int32(period), Int32(inputs), Int32(outputs),
                                 x + r * inputs, weight, bias, rowBias, 0, Int32(outputs), y + r * outputs)
        }
    }

    /// The backward pass of `narrowProjection` for columns `columns`, on the calling thread:
    /// `dW += xᵀ dy` and the bias gradient (`Σ_rows dy`, or per row `r % period` into `dRowBias`),
    /// summed in row order (`sk_narrow_gradients`).
    static func narrowGradients(
        rows: Int, inputs: Int, outputs: Int, x: UnsafePointer<Float>, dy: UnsafePointer<Float>,
        dWeight: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>?,
        dRowBias: UnsafeMutablePointer<Float>?, period: Int, columns: Range<Int>
    ) {
        sk_narrow_gradients(Int32(rows), Int32(period), Int32(inputs), Int32(outputs), x, dy, Int32(columns.lowerBound),
                            Int32(columns.upperBound), dWeight, dBias, dRowBias)
    }
}
