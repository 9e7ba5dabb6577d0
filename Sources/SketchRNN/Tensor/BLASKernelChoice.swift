/// Which OpenBLAS kernels suit a processor, and whether to override the ones OpenBLAS chose itself.
///
/// OpenBLAS built with `DYNAMIC_ARCH` (as Debian ships it) picks its kernels from a table of known
/// processor models. A processor newer than the library falls back to generic SSE3 kernels
/// ("Prescott") although it runs AVX2 or AVX-512 — five to six times slower at sgemm. This type is
/// the pure decision; `BLASRuntime` reads the facts and applies it.
package enum BLASKernelChoice {
    /// The widest vector instructions a set of kernels (or a processor) uses, in rising order.
    package enum VectorClass: Int, Comparable, Sendable {
        case generic, avx, avx2, avx512

        package static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

        /// The class of an OpenBLAS core name (as `openblas_get_corename()` spells it).
        package init(core: String) {
            switch core.lowercased() {
            case "skylakex", "cooperlake", "sapphirerapids": self = .avx512
            case "haswell", "zen": self = .avx2
            case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": self = .avx
            default: self = .generic
            }
        }

        /// What a processor with these features (Linux `/proc/cpuinfo` spelling) can run.
        package init(features: Set<String>) {
            if features.isSuperset(of: ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"]) {
                self = .avx512
            } else if features.isSuperset(of: ["avx2", "fma"]) {
                self = .avx2
            } else if features.contains("avx") {
                self = .avx
            } else {
                self = .generic
            }
        }
    }

    /// What to do about the kernels.
    package enum Decision: Equatable, Sendable {
        /// Leave OpenBLAS's own choice; the reason says why.
        case keep(Reason)
        /// Switch to this core (OpenBLAS's spelling, for `OPENBLAS_CORETYPE`).
        case use(String)
    }

    package enum Reason: Equatable, Sendable {
        /// `OPENBLAS_CORETYPE` was set by the user, who always wins.
        case userSetting(String)
        /// OpenBLAS's own kernels already use AVX2 or better, or as much as the processor has.
        case libraryKnowsProcessor
        /// Better kernels would run, but this OpenBLAS build has none of them.
        case noBetterKernels
    }

    /// The decision for a processor, the core OpenBLAS chose, and the cores this build contains.
    ///
    /// Only a fall-back to pre-AVX2 kernels is overridden: where OpenBLAS chose AVX2 or AVX-512
    /// kernels it knows the processor, and its tuning is trusted.
    package static func decide(
        currentCore: String, features: Set<String>, vendor: String,
        userSetting: String?, hasCore: (String) -> Bool
    ) -> Decision {
        if let userSetting, !userSetting.isEmpty { return .keep(.userSetting(userSetting)) }
        let current = VectorClass(core: currentCore)
        let capable = VectorClass(features: features)
        guard current < .avx2, current < capable else { return .keep(.libraryKnowsProcessor) }
        let amd = vendor == "AuthenticAMD"
        var candidates: [String]
        switch capable {
        case .avx512: candidates = features.contains("avx512_bf16") ? ["Cooperlake", "SkylakeX"] : ["SkylakeX"]
                      candidates += amd ? ["Zen", "Haswell"] : ["Haswell"]
        case .avx2: candidates = amd ? ["Zen", "Haswell"] : ["Haswell"]
        case .avx: candidates = ["Sandybridge"]
        case .generic: candidates = []
        }
        // A candidate no better than the current kernels is no improvement.
        guard let pick = candidates.first(where: { VectorClass(core: $0) > current && hasCore($0) }) else {
            return .keep(.noBetterKernels)
        }
        return .use(pick)
    }
}
