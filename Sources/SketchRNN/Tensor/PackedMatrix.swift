import CSketchKernels

/// The right-hand matrix of many products with a small batch of rows, packed once: an LSTM's
/// recurrent weights, which multiply `h_{t-1}` at every step with the same values.
///
/// A general sgemm packs its right-hand matrix on every call, and with OpenBLAS's threads each step
/// waits at two hand-offs. Packed once, the products run on `Parallel`'s workers, each taking a fixed
/// range of column panels, so a core's share of the weights stays in its cache from step to step.
/// Every element is the same sum in the same order whatever the split, so results do not depend on
/// the number of cores (`sk_packed_gemm`, and `sk_packed_gemm_bf16` in `.bf16`).
package final class PackedMatrix {
    /// The largest `k × n` this matrix can hold.
    let maxInner: Int, maxColumns: Int
    /// The products' arithmetic: `.bf16` only where the processor has it (`ProductPrecision.resolvedHere`).
    package let precision: ProductPrecision
    private(set) var inner = 0, columns = 0
    private let storage: FloatBuffer?
    private let storageBF16: UnsafeMutablePointer<UInt16>?

    /// `precision` falls back to fp32 on a processor without bf16 products.
    package init(maxInner: Int, maxColumns: Int, precision: ProductPrecision = .fp32) {
        self.maxInner = maxInner
        self.maxColumns = maxColumns
        self.precision = precision.resolvedHere
        if self.precision == .bf16 {
            let count = max(1, sk_packed_size_bf16(Int32(maxInner), Int32(maxColumns)))
            storageBF16 = .allocate(capacity: count)
            storageBF16!.initialize(repeating: 0, count: count)
            storage = nil
        } else {
            storage = FloatBuffer(count: sk_packed_size(Int32(maxInner), Int32(maxColumns)))
            storageBF16 = nil
        }
    }

    /// bf16 only: the rows of `a` rounded once for all the pieces of a product (`withRoundedRows`), and
    /// the `a` they were rounded from.
    private var roundedRows: UnsafeMutablePointer<UInt16>?
    private var roundedCapacity = 0
    private var roundedFrom: UnsafePointer<Float>?

    deinit {
        storageBF16?.deallocate()
        roundedRows?.deallocate()
    }

    /// Runs `body`, in which the products by `a` (`rows` rows, `lda` apart, not changed meanwhile) use
    /// its rows rounded to bf16 once here rather than once by each piece: a step's product comes in
    /// 16 pieces that all read the whole of `a`. fp32 matrices just run `body`.
    package func withRoundedRows(rows: Int, a: UnsafePointer<Float>, lda: Int, _ body: () -> Void) {
        guard storageBF16 != nil else { return body() }
        let count = rows * 2 * ((inner + 1) / 2)
        if count > roundedCapacity {
            // Grows once to the largest batch, then reused at every step.
            roundedRows?.deallocate()
            roundedRows = .allocate(capacity: count)
            roundedCapacity = count
        }
        precondition(sk_round_rows_bf16(Int32(rows), Int32(inner), a, Int32(lda), roundedRows!) == 0)
        roundedFrom = a
        defer { roundedFrom = nil }
        body()
    }

    /// Packs `op(b)`, `inner × columns`: `b` row-major with leading dimension `ldb`, read transposed
    /// when `transposed` (then `b` is `columns × inner`).
    package func pack(_ b: UnsafePointer<Float>, inner: Int, columns: Int, ldb: Int, transposed: Bool) {
        precondition(inner <= maxInner && columns <= maxColumns)
        self.inner = inner
        self.columns = columns
        if let storageBF16 {
            sk_pack_bf16(Int32(inner), Int32(columns), b, Int32(ldb), transposed ? 1 : 0, storageBF16)
        } else if let storage {
            sk_pack(Int32(inner), Int32(columns), b, Int32(ldb), transposed ? 1 : 0, storage.pointer)
        }
    }

    /// `c = a · packed + beta c` for `a [rows, inner]` (leading dimension `lda`), `beta` 0 or 1.
    package func multiply(rows: Int, a: UnsafePointer<Float>, lda: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let panel = Self.panelWidth
        let panels = (columns + panel - 1) / panel
        // One chunk per worker when the product pays for a hand-off; panel edges keep every split exact.
        let chunks = rows * inner * columns >= Self.parallelThreshold ? min(Parallel.workers, panels) : 1
        Parallel.forEachChunk(chunks, minimumPerWorker: 1) { range in
            for chunk in range {
                let first = panels * chunk / chunks * panel, end = min(columns, panels * (chunk + 1) / chunks * panel)
                multiply(rows: rows, a: a, lda: lda, beta: beta, c: c, ldc: ldc, columns: first..<end)
            }
        }
    }

    /// Columns `columns` of `c = a · packed + beta c`, on the calling thread: one core's share of a
    /// product. The range starts at a multiple of `panelWidth` (and ends at one, or at `self.columns`).
    package func multiply(rows: Int, a: UnsafePointer<Float>, lda: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                          columns range: Range<Int>) {
        precondition((beta == 0 || beta == 1) && range.lowerBound % Self.panelWidth == 0)
        BLAS.count(multiplyAdds: rows * inner * range.count)
        if let storageBF16, let roundedRows, roundedFrom == a {
            let status = sk_packed_gemm_bf16_rounded(Int32(rows), Int32(inner), roundedRows, UnsafePointer(storageBF16), Int32(columns),
                                                     Int32(range.lowerBound), Int32(range.upperBound), beta, c, Int32(ldc))
            precondition(status == 0, "bf16 products chosen on a processor without them")
        } else if let storageBF16 {
            let status = sk_packed_gemm_bf16(Int32(rows), Int32(inner), a, Int32(lda), UnsafePointer(storageBF16), Int32(columns),
                                             Int32(range.lowerBound), Int32(range.upperBound), beta, c, Int32(ldc))
            precondition(status == 0, "bf16 products chosen on a processor without them")
        } else if let storage {
            sk_packed_gemm(Int32(rows), Int32(inner), a, Int32(lda), UnsafePointer(storage.pointer), Int32(columns),
                           Int32(range.lowerBound), Int32(range.upperBound), beta, c, Int32(ldc))
        }
    }

    /// Columns per packed panel (32 with AVX-512, 16 otherwise; the bf16 panels, AVX-512 only, are 32 wide).
    package static let panelWidth = Int(sk_panel_width())

    /// Whether this processor has the vector kernels; elsewhere (portable C) BLAS is faster.
    package static let isAvailable: Bool = String(cString: sk_kernel_isa()) != "portable"

    /// Multiply-adds below which a product runs on the caller's thread alone.
    static let parallelThreshold = 1 << 18
}
