import ArgumentParser
import Foundation
import SketchRNN

struct BenchBLASCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blas",
        abstract: "Show the BLAS library, its kernels and the processor, and time sgemm on the training shapes.",
        discussion: """
            A few seconds. The shapes are those of a training step of a 512-unit decoder on batches of \
            100 sketches of 250 points: the per-step recurrent products forward and backward, the \
            all-steps input and output products and the recurrent weights' gradient; the per-step products \
            also as the model core runs them, on weights packed once ("packed"), and in bf16 where the \
            processor has AVX512-BF16 ("bf16", `--precision bf16`'s products). A processor with \
            AVX2 or AVX-512 should reach tens to hundreds of GFLOP/s; a few tens on such a processor \
            means generic kernels.
            """
    )

    @Option(help: "Seconds to time each shape.") var seconds = 0.3
    @Flag(help: "Print one JSON line.") var json = false
    @OptionGroup var threads: ThreadsOption

    struct Shape {
        var name: String
        var m: Int, n: Int, k: Int
        var transA = false, transB = false
        /// Timed through `PackedMatrix` (the recurrent products' path) rather than `BLAS.gemm`.
        var packed = false
        /// The packed product in bf16 (`--precision bf16`'s path), timed only where the processor has it.
        var bf16 = false
    }

    static let shapes = [
        Shape(name: "step h W_hh", m: 100, n: 2048, k: 512),
        Shape(name: "step dA W_hh^T", m: 100, n: 512, k: 2048, transB: true),
        Shape(name: "packed step h W_hh", m: 100, n: 2048, k: 512, packed: true),
        Shape(name: "packed step dA W_hh^T", m: 100, n: 512, k: 2048, transB: true, packed: true),
        Shape(name: "bf16 step h W_hh", m: 100, n: 2048, k: 512, packed: true, bf16: true),
        Shape(name: "bf16 step dA W_hh^T", m: 100, n: 512, k: 2048, transB: true, packed: true, bf16: true),
        Shape(name: "all steps x W_xh (VAE)", m: 25_000, n: 2048, k: 133),
        Shape(name: "all steps h W_out", m: 25_000, n: 123, k: 512),
        Shape(name: "gradient h^T dA", m: 512, n: 2048, k: 25_000, transA: true),
    ]

    func validate() throws {
        guard seconds > 0, seconds <= 60 else { throw ValidationError("--seconds must be between 0 and 60") }
    }

    func run() throws {
        threads.apply()
        let shapes = Self.shapes.filter { !$0.bf16 || ProductPrecision.bf16.resolvedHere == .bf16 }
        let rates = shapes.map { (shape: $0, gflops: Self.rate(of: $0, seconds: seconds)) }
        if json {
            let members = rates.map {
                "{\"shape\": \"\($0.shape.name)\", \"m\": \($0.shape.m), \"n\": \($0.shape.n), \"k\": \($0.shape.k), "
                    + "\"gflops\": \(String(format: "%.1f", $0.gflops))}"
            }
            print("{\(BenchEnvironment.jsonMembers()), \"sgemm\": [\(members.joined(separator: ", "))]}")
            return
        }
        BenchEnvironment.textLines().forEach { print($0) }
        print("sgemm GFLOP/s (m × n × k):")
        for (shape, gflops) in rates {
            let dims = "\(shape.m) × \(shape.n) × \(shape.k)"
            print("  \(shape.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(dims.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(format: "%7.1f", gflops))")
        }
    }

    /// Products per second over `seconds` after one untimed product, as GFLOP/s (2mnk per product).
    static func rate(of shape: Shape, seconds: Double) -> Double {
        let aCount = shape.m * shape.k, bCount = shape.k * shape.n
        var rng = SeededGenerator(seed: 5)
        let a = (0..<aCount).map { _ in rng.nextUniform() - 0.5 }
        let b = (0..<bCount).map { _ in rng.nextUniform() - 0.5 }
        var c = [Float](repeating: 0, count: shape.m * shape.n)
        let packed = shape.packed ? PackedMatrix(maxInner: shape.k, maxColumns: shape.n, precision: shape.bf16 ? .bf16 : .fp32) : nil
        packed?.pack(b, inner: shape.k, columns: shape.n, ldb: shape.transB ? shape.k : shape.n, transposed: shape.transB)
        func product() {
            if let packed {
                c.withUnsafeMutableBufferPointer { packed.multiply(rows: shape.m, a: a, lda: shape.k, beta: 0, c: $0.baseAddress!, ldc: shape.n) }
                return
            }
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        BLAS.gemm(transA: shape.transA, transB: shape.transB, m: shape.m, n: shape.n, k: shape.k,
                                  a: a.baseAddress!, lda: shape.transA ? shape.m : shape.k,
                                  b: b.baseAddress!, ldb: shape.transB ? shape.k : shape.n,
                                  c: c.baseAddress!, ldc: shape.n)
                    }
                }
            }
        }
        product()
        var count = 0
        let start = Timing.now()
        var elapsed = 0.0
        repeat {
            product()
            count += 1
            elapsed = (Timing.now() - start).wallMs / 1000
        } while elapsed < seconds
        return 2 * Double(shape.m * shape.n * shape.k) * Double(count) / elapsed / 1e9
    }
}
