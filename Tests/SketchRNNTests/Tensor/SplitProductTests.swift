import XCTest
@testable import SketchRNN

/// `BLAS.gemm` splits large products over the workers; the split must change neither the values
/// (against a double-precision sum) nor, for a given worker count, the bits from run to run.
final class SplitProductTests: XCTestCase {
    func testSplitProductsMatchADirectSumForEveryTransposition() {
        var rng = SeededGenerator(seed: 21)
        let saved = Parallel.workers
        defer { Parallel.workers = saved }
        Parallel.workers = 3
        // Both sides long enough to split: wide (split by columns) and tall (split by rows).
        for (m, n, k) in [(40, 1000, 110), (1000, 40, 110)] {
            XCTAssertGreaterThanOrEqual(m * n * k, BLAS.splitThreshold)
            for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = (0..<(m * k)).map { _ in rng.nextUniform() - 0.5 }
                let b = (0..<(k * n)).map { _ in rng.nextUniform() - 0.5 }
                let start = (0..<(m * n)).map { _ in rng.nextUniform() - 0.5 }
                var c = start
                BLAS.gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: transA ? m : k,
                          b: b, ldb: transB ? k : n, beta: 1, c: &c, ldc: n)
                for (i, j) in [(0, 0), (m - 1, n - 1), (m / 2, n / 3), (m - 1, 0), (0, n - 1), (m / 3, n / 2 + 7)] {
                    var sum = Double(start[i * n + j])
                    for p in 0..<k {
                        let aip = transA ? a[p * m + i] : a[i * k + p]
                        let bpj = transB ? b[j * k + p] : b[p * n + j]
                        sum += Double(aip) * Double(bpj)
                    }
                    XCTAssertEqual(Double(c[i * n + j]), sum, accuracy: 1e-4, "\(m)×\(n)×\(k) \(transA) \(transB) [\(i), \(j)]")
                }
            }
        }
    }

    func testASplitProductIsTheSameBitsEveryTime() {
        var rng = SeededGenerator(seed: 4)
        let (m, n, k) = (64, 2048, 40)
        let a = (0..<(m * k)).map { _ in rng.nextUniform() - 0.5 }
        let b = (0..<(k * n)).map { _ in rng.nextUniform() - 0.5 }
        let saved = Parallel.workers
        defer { Parallel.workers = saved }
        Parallel.workers = 2
        var first = [Float](repeating: 0, count: m * n), again = first
        BLAS.gemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &first, ldc: n)
        for _ in 0..<5 {
            BLAS.gemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &again, ldc: n)
            XCTAssertEqual(first, again)
        }
    }
}
