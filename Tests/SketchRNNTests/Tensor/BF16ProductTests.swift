import CSketchKernels
import Testing
@testable import SketchRNN

/// The bf16 packed products (`sk_packed_gemm_bf16`, `--precision bf16`) against fp64 sums, and the
/// run-time choice between them and the fp32 kernels.
///
/// Error bound of one element, with `u = 2⁻⁸` (bf16's unit roundoff, 8 significant bits) and
/// `ε = 2⁻²⁴` (fp32's): rounding `a` and `b` to bf16 moves each product by at most `(2u + u²)|ab|`, and
/// the fp32 sum of `k` products (two per VDPBF16PS) plus `C` adds at most `(k + 2) ε` of the sum of
/// magnitudes, so `|c − Σ ab| ≤ (2u + u² + (k + 2) 2ε (1 + 2u + u²)) (Σ|ab| + |c₀|)`. Against the sum of the
/// bf16-rounded factors' exact products only the fp32 part is left, which pins down the layout.
@Suite struct BF16ProductTests {
    static let available = ProductPrecision.bf16.resolvedHere == .bf16
    static let skip = Comment(rawValue: "this processor has no AVX512-BF16: the bf16 products cannot run here")

    static func bf16(_ x: Float) -> Double {
        Double(Float(bitPattern: UInt32(sk_round_bf16(x)) << 16))
    }

    @Test(.enabled(if: available, skip), arguments: [
        (1, 7, 5), (5, 33, 31), (13, 9, 33), (14, 30, 32), (15, 31, 47), (29, 64, 100), (100, 512, 96), (100, 2048, 64),
    ])
    func productsAreWithinBF16sBoundOfTheExactSum(shape: (Int, Int, Int)) {
        let (rows, inner, columns) = shape
        var rng = SeededGenerator(seed: UInt64(rows * 1000 + inner))
        let u = 1.0 / 256, eps = 1.0 / 16_777_216
        for transposed in [false, true] {
            let b = (0..<(inner * columns)).map { _ in rng.nextUniform() - 0.5 }
            let a = (0..<(rows * inner)).map { _ in rng.nextUniform() - 0.5 }
            let start = (0..<(rows * columns)).map { _ in rng.nextUniform() - 0.5 }
            let packed = PackedMatrix(maxInner: inner + 3, maxColumns: columns + 3, precision: .bf16)
            #expect(packed.precision == .bf16)
            packed.pack(b, inner: inner, columns: columns, ldb: transposed ? inner : columns, transposed: transposed)
            for beta: Float in [0, 1] {
                var c = start
                c.withUnsafeMutableBufferPointer { packed.multiply(rows: rows, a: a, lda: inner, beta: beta, c: $0.baseAddress!, ldc: columns) }
                var worstExact = 0.0, worstRounded = 0.0, largestError = 0.0
                for r in 0..<rows {
                    for j in 0..<columns {
                        let c0 = beta == 1 ? Double(start[r * columns + j]) : 0
                        var exact = c0, rounded = c0, magnitude = abs(c0), roundedMagnitude = abs(c0)
                        for k in 0..<inner {
                            let bkj = transposed ? b[j * inner + k] : b[k * columns + j], akk = a[r * inner + k]
                            exact += Double(akk) * Double(bkj)
                            magnitude += abs(Double(akk) * Double(bkj))
                            rounded += Self.bf16(akk) * Self.bf16(bkj)
                            roundedMagnitude += abs(Self.bf16(akk) * Self.bf16(bkj))
                        }
                        let got = Double(c[r * columns + j])
                        let sumBound = Double(inner + 2) * 2 * eps
                        let bound = (2 * u + u * u + sumBound * (1 + 2 * u + u * u)) * magnitude
                        worstExact = max(worstExact, abs(got - exact) / bound)
                        worstRounded = max(worstRounded, abs(got - rounded) / (sumBound * roundedMagnitude))
                        largestError = max(largestError, abs(got - exact) / magnitude)
                    }
                }
                let label = "\(rows)×\(inner)×\(columns) transposed \(transposed) beta \(beta)"
                #expect(worstExact <= 1, "\(label): \(worstExact) of the bf16 bound")
                #expect(worstRounded <= 1, "\(label): \(worstRounded) of the fp32 summation bound")
                // The factors really were rounded (an fp32 product would be ~100 times closer).
                #expect(inner < 16 || largestError > 4 * eps * Double(inner).squareRoot(), "\(label): \(largestError)")
            }
        }
    }

    @Test(.enabled(if: available, skip))
    func resultsDoNotDependOnTheNumberOfWorkers() {
        var rng = SeededGenerator(seed: 3)
        let (rows, inner, columns) = (40, 128, 512)
        let b = (0..<(inner * columns)).map { _ in rng.nextUniform() - 0.5 }
        let a = (0..<(rows * inner)).map { _ in rng.nextUniform() - 0.5 }
        let packed = PackedMatrix(maxInner: inner, maxColumns: columns, precision: .bf16)
        packed.pack(b, inner: inner, columns: columns, ldb: columns, transposed: false)
        let results = [1, 2, 3].map { workers in
            Parallel.withWorkers(workers) {
                var c = [Float](repeating: 0, count: rows * columns)
                c.withUnsafeMutableBufferPointer { packed.multiply(rows: rows, a: a, lda: inner, beta: 0, c: $0.baseAddress!, ldc: columns) }
                return c
            }
        }
        #expect(results[0] == results[1] && results[0] == results[2])
    }

    /// Rows rounded once for all the pieces of a product (`withRoundedRows`, as the LSTM steps run)
    /// give the bits of rounding them in each piece.
    @Test(.enabled(if: available, skip))
    func rowsRoundedOnceGiveTheSameBits() {
        var rng = SeededGenerator(seed: 4)
        let (rows, inner, columns) = (30, 257, 96)
        let b = (0..<(inner * columns)).map { _ in rng.nextUniform() - 0.5 }
        let a = (0..<(rows * (inner + 3))).map { _ in rng.nextUniform() - 0.5 }
        let packed = PackedMatrix(maxInner: inner, maxColumns: columns, precision: .bf16)
        packed.pack(b, inner: inner, columns: columns, ldb: columns, transposed: false)
        var each = [Float](repeating: 0, count: rows * columns), once = each
        a.withUnsafeBufferPointer { a in
            let a = a.baseAddress!
            for piece in 0..<3 {
                each.withUnsafeMutableBufferPointer {
                    packed.multiply(rows: rows, a: a, lda: inner + 3, beta: 0, c: $0.baseAddress!, ldc: columns, columns: (32 * piece)..<(32 * piece + 32))
                }
            }
            packed.withRoundedRows(rows: rows, a: a, lda: inner + 3) {
                for piece in 0..<3 {
                    once.withUnsafeMutableBufferPointer {
                        packed.multiply(rows: rows, a: a, lda: inner + 3, beta: 0, c: $0.baseAddress!, ldc: columns, columns: (32 * piece)..<(32 * piece + 32))
                    }
                }
            }
        }
        #expect(each == once && each.contains { $0 != 0 })
    }

    /// Round to nearest, ties to even, as VCVTNEPS2BF16; denormals to zero; NaN stays NaN.
    @Test func roundingToBF16() {
        #expect(sk_round_bf16(1) == 0x3F80)
        #expect(sk_round_bf16(-2) == 0xC000)
        #expect(sk_round_bf16(Float(bitPattern: 0x3F80_8000)) == 0x3F80)  // tie, even below
        #expect(sk_round_bf16(Float(bitPattern: 0x3F81_8000)) == 0x3F82)  // tie, even above
        #expect(sk_round_bf16(Float(bitPattern: 0x3F80_8001)) == 0x3F81)
        #expect(sk_round_bf16(.infinity) == 0x7F80)
        #expect(sk_round_bf16(Float(bitPattern: 0x7F7F_FFFF)) == 0x7F80)  // the largest float rounds up to infinity
        #expect(sk_round_bf16(Float.leastNonzeroMagnitude) == 0)
        #expect(Float(bitPattern: UInt32(sk_round_bf16(.nan)) << 16).isNaN)
    }

    /// The kernels follow the feature bits: fp32 kernels by vector width, bf16 only with AVX-512 and
    /// AVX512-BF16 together, and a bf16 request falls back to fp32 without them.
    @Test func dispatchFollowsTheFeatureBits() {
        let avx2 = Int32(SK_FEATURE_AVX2_FMA), avx512 = Int32(SK_FEATURE_AVX512F), bf16 = Int32(SK_FEATURE_AVX512_BF16)
        #expect(sk_isa_for_features(0) == SK_ISA_PORTABLE)
        #expect(sk_isa_for_features(avx2) == SK_ISA_AVX2)
        #expect(sk_isa_for_features(avx2 | avx512) == SK_ISA_AVX512)
        #expect(sk_isa_for_features(avx2 | avx512 | bf16) == SK_ISA_AVX512)
        #expect(sk_bf16_for_features(avx2 | avx512 | bf16) != 0)
        #expect(sk_bf16_for_features(avx2 | avx512) == 0)
        #expect(sk_bf16_for_features(avx2 | bf16) == 0)  // no AVX-512 registers, no VDPBF16PS on them
        #expect(sk_bf16_for_features(0) == 0)
        for features in [Int32(0), avx2, avx2 | avx512, avx2 | bf16] {
            #expect(ProductPrecision.bf16.resolved(features: features) == .fp32)
            #expect(ProductPrecision.fp32.resolved(features: features) == .fp32)
        }
        #expect(ProductPrecision.bf16.resolved(features: avx2 | avx512 | bf16) == .bf16)
        #expect(ProductPrecision.fp32.resolved(features: avx2 | avx512 | bf16) == .fp32)
        // This processor: the same decision as its own feature bits give.
        let here = sk_processor_features()
        #expect(ProductPrecision.bf16.resolvedHere == ProductPrecision.bf16.resolved(features: here))
        #expect(String(cString: sk_kernel_isa()) == ["portable", "avx2", "avx512"][Int(sk_isa_for_features(here))])
        #expect((sk_bf16_available() != 0) == (sk_bf16_for_features(here) != 0))
    }
}
