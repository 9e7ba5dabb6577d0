import Testing
@testable import SketchRNN

/// `Linear.matmul` splits a few rows against a large matrix into column blocks over the cores.
struct LinearBlockedProductTests {
    @Test(arguments: [(8, 512, 2048), (3, 300, 1999), (32, 100, 400)])
    func blockedProductMatchesTheDefinition(rows: Int, inner: Int, columns: Int) {
        #expect(rows * inner * columns > Linear.smallProduct || rows == 32)
        var rng = SeededGenerator(seed: 12)
        let a = (0..<(rows * inner)).map { _ in rng.nextGaussian() }
        let b = (0..<(inner * columns)).map { _ in rng.nextGaussian() }
        let start = (0..<(rows * columns)).map { _ in rng.nextGaussian() }
        var c = start
        c.withUnsafeMutableBufferPointer { cp in
            Linear.matmul(rows: rows, inner: inner, columns: columns, a: a, lda: inner, b: b, beta: 0.5, c: cp.baseAddress!)
        }
        var worst: Double = 0
        for r in 0..<rows {
            for j in stride(from: 0, to: columns, by: 7) {
                var sum = 0.5 * Double(start[r * columns + j])
                for k in 0..<inner { sum += Double(a[r * inner + k]) * Double(b[k * columns + j]) }
                worst = max(worst, abs(sum - Double(c[r * columns + j])))
            }
        }
        #expect(worst < 1e-3 * Double(inner).squareRoot(), "largest error \(worst)")
    }
}
