import CSketchKernels

/// The arithmetic of the recurrent products (`h_{t-1} W_hh` forward, `dA_t W_hhᵀ` backward) in training.
///
/// `.bf16` rounds both factors to bfloat16 and sums their products in fp32 (AVX512-BF16's VDPBF16PS);
/// everything else stays fp32: the master weights, Adam's moments, the cell state, the gate arithmetic,
/// the losses and the gradient sums, and so the checkpoints. Opt-in: it changes the bits of training,
/// and on a processor whose VDPBF16PS is no faster than its fp32 FMAs it gains nothing (docs/training.md).
package enum ProductPrecision: String, Sendable, CaseIterable {
    case fp32, bf16

    /// What runs when `self` is asked for on a processor with `features` (`SK_FEATURE_*` bits):
    /// bf16 needs AVX-512 with AVX512-BF16, and falls back to fp32 elsewhere.
    package func resolved(features: Int32) -> ProductPrecision {
        self == .bf16 && sk_bf16_for_features(features) != 0 ? .bf16 : .fp32
    }

    /// What runs here when `self` is asked for.
    package var resolvedHere: ProductPrecision { resolved(features: sk_processor_features()) }

    /// The kernels a precision runs with on this processor, for benchmarks' headers.
    package var kernelSummary: String {
        switch resolvedHere {
        case .bf16: return "bf16 recurrent products (AVX512-BF16 VDPBF16PS, fp32 sums), fp32 elsewhere"
        case .fp32:
            let isa = String(cString: sk_kernel_isa())
            let fallback = self == .bf16 ? " (bf16 asked for: this processor has no AVX512-BF16)" : ""
            return "fp32 products (\(isa) kernels)" + fallback
        }
    }
}
