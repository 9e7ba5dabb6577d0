import Foundation
import SketchRNN

/// What every benchmark prints beside its figures: the BLAS library, its kernels, its threads and
/// the processor. A figure means little without them (generic kernels run five times slower).
enum BenchEnvironment {
    static func textLines() -> [String] {
        let blas = BLASRuntime.configuration
        var lines = ["BLAS: \(blas.summary)", "processor: \(blas.processor.summary)",
                     "bf16 products (--precision bf16): " + (ProductPrecision.bf16.resolvedHere == .bf16
                         ? "AVX512-BF16 (VDPBF16PS, fp32 sums)" : "not on this processor; fp32 runs instead")]
        if blas.isGeneric {
            lines.append("warning: generic BLAS kernels; figures are far below this processor's speed (see the README's performance section)")
        }
        return lines
    }

    /// The same facts as JSON members, to splice into a benchmark's JSON line.
    static func jsonMembers() -> String {
        let blas = BLASRuntime.configuration
        func quoted(_ s: String) -> String {
            let data = try! JSONEncoder().encode(s)  // a String always encodes
            return String(decoding: data, as: UTF8.self)
        }
        return "\"blas_library\": \(quoted(blas.library)), \"blas_version\": \(quoted(blas.version)), "
            + "\"blas_core\": \(quoted(blas.core)), \"blas_core_chosen_by_library\": \(quoted(blas.libraryCore)), "
            + "\"blas_threads\": \(blas.threads), \"workers\": \(blas.workers), \"processor\": \(quoted(blas.processor.summary))"
    }
}
