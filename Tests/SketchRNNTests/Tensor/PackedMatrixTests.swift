import XCTest
@testable import SketchRNN

final class PackedMatrixTests: XCTestCase {
    /// Products against a double-precision sum, over row counts around the micro-kernels' block
    /// heights (6, and up to 14 in near-equal blocks) and column counts around the panel widths (16 and 32), plain and transposed.
    func testPackedProductsMatchADirectSum() {
        var rng = SeededGenerator(seed: 11)
        for (rows, inner, columns) in [(1, 7, 5), (5, 33, 31), (6, 16, 16), (12, 40, 64), (13, 9, 33), (14, 30, 32), (15, 30, 47), (25, 64, 100), (100, 20, 70)] {
            for transposed in [false, true] {
                let b = (0..<(inner * columns)).map { _ in rng.nextUniform() - 0.5 }
                let a = (0..<(rows * inner)).map { _ in rng.nextUniform() - 0.5 }
                let start = (0..<(rows * columns)).map { _ in rng.nextUniform() - 0.5 }
                let packed = PackedMatrix(maxInner: inner + 3, maxColumns: columns + 3)
                // Transposed, b holds op(B)ᵀ: `columns × inner`.
                packed.pack(b, inner: inner, columns: columns, ldb: transposed ? inner : columns, transposed: transposed)
                for beta: Float in [0, 1] {
                    var c = start
                    c.withUnsafeMutableBufferPointer { packed.multiply(rows: rows, a: a, lda: inner, beta: beta, c: $0.baseAddress!, ldc: columns) }
                    for r in 0..<rows {
                        for j in 0..<columns {
                            var sum = beta == 1 ? Double(start[r * columns + j]) : 0
                            for k in 0..<inner {
                                let bkj = transposed ? b[j * inner + k] : b[k * columns + j]
                                sum += Double(a[r * inner + k]) * Double(bkj)
                            }
                            XCTAssertEqual(Double(c[r * columns + j]), sum, accuracy: 1e-5,
                                           "\(rows)×\(inner)×\(columns) transposed \(transposed) beta \(beta) at [\(r), \(j)]")
                        }
                    }
                }
            }
        }
    }

    /// The split over workers changes which thread computes a column, never its bits.
    func testResultsDoNotDependOnTheNumberOfWorkers() {
        var rng = SeededGenerator(seed: 3)
        let (rows, inner, columns) = (40, 128, 512)
        let b = (0..<(inner * columns)).map { _ in rng.nextUniform() - 0.5 }
        let a = (0..<(rows * inner)).map { _ in rng.nextUniform() - 0.5 }
        let packed = PackedMatrix(maxInner: inner, maxColumns: columns)
        packed.pack(b, inner: inner, columns: columns, ldb: columns, transposed: false)
        let saved = Parallel.workers
        defer { Parallel.workers = saved }
        var results: [[Float]] = []
        for workers in [1, 2, 3] {
            Parallel.workers = workers
            var c = [Float](repeating: 0, count: rows * columns)
            c.withUnsafeMutableBufferPointer { packed.multiply(rows: rows, a: a, lda: inner, beta: 0, c: $0.baseAddress!, ldc: columns) }
            results.append(c)
        }
        XCTAssertEqual(results[0], results[1])
        XCTAssertEqual(results[0], results[2])
    }
}
