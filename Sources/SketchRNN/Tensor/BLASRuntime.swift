#if canImport(Accelerate)
import Accelerate
#else
import COpenBLAS
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The BLAS library this process multiplies with, and the kernels it runs.
///
/// On Linux the first matrix product (or the first look at `BLASRuntime.configuration`) checks
/// whether OpenBLAS fell back to generic kernels on a processor it does not know, and if so switches
/// it to the kernels the processor supports (`BLASKernelChoice`). An `OPENBLAS_CORETYPE` set in the
/// environment is always respected. Nothing changes with Accelerate (macOS). OpenBLAS is then set
/// to one thread: the model core owns its threading (`Parallel.workers`), and an app that embeds the
/// library sets nothing.
package struct BLASConfiguration: Sendable, Equatable {
    /// "OpenBLAS" or "Accelerate".
    package var library: String
    /// The library's version where it reports one, for example "0.3.21".
    package var version: String
    /// The library's own build description (`openblas_get_config()`).
    package var buildConfig: String
    /// The kernel core in use, for example "SkylakeX" or "Haswell".
    package var core: String
    /// The core OpenBLAS chose for itself before any override.
    package var libraryCore: String
    /// How the core in use came to be chosen.
    package var selection: Selection
    /// Threads the BLAS library itself uses for one product (1: the model core splits large products
    /// over its own workers instead).
    package var threads: Int
    /// The model core's workers, over which products and elementwise loops are split.
    package var workers: Int
    /// The processor.
    package var processor: ProcessorInfo

    package enum Selection: Sendable, Equatable {
        /// OpenBLAS's own choice, and the reason it was kept.
        case library(BLASKernelChoice.Reason)
        /// Switched from a generic fall-back to kernels the processor supports.
        case switched(from: String)
        /// A switch was wanted, but the library did not take it (a build without `DYNAMIC_ARCH`).
        case switchFailed(wanted: String)
        /// Accelerate chooses its own kernels.
        case system
    }

    /// True when the kernels in use are generic although the processor could run better ones.
    package var isGeneric: Bool {
        library == "OpenBLAS"
            && BLASKernelChoice.VectorClass(core: core) < BLASKernelChoice.VectorClass(features: processor.features)
            && BLASKernelChoice.VectorClass(core: core) < .avx2
    }

    /// One line for people: library, version, core and how it was chosen, threads.
    package var summary: String {
        var how: String
        switch selection {
        case .library(.userSetting(let value)): how = "set by OPENBLAS_CORETYPE=\(value)"
        case .library(.libraryKnowsProcessor): how = "chosen by OpenBLAS"
        case .library(.noBetterKernels): how = "chosen by OpenBLAS; this build has no better kernels"
        case .switched(let from): how = "switched from OpenBLAS's generic \(from), which does not know this processor"
        case .switchFailed(let wanted): how = "generic: OpenBLAS did not take \(wanted); set OPENBLAS_CORETYPE=\(wanted) before starting"
        case .system: how = "chosen by the system"
        }
        let name = version.isEmpty ? library : "\(library) \(version)"
        let split = threads == 1 ? "products split over \(workers) worker\(workers == 1 ? "" : "s")" : "\(threads) BLAS threads"
        return "\(name), \(core) kernels (\(how)), \(split)"
    }
}

/// Reads and, once, corrects the BLAS library's kernel choice.
package enum BLASRuntime {
    /// The configuration now in force (threads are read afresh each time).
    package static var configuration: BLASConfiguration {
        var config = initial
        config.threads = BLAS.threads
        config.workers = Parallel.workers
        #if !canImport(Accelerate)
        config.core = String(cString: openblas_get_corename())
        #endif
        return config
    }

    /// Makes sure the kernel check has run; every `BLAS` call passes through here.
    @inline(__always)
    static func prepare() { _ = initial }

    private static let initial: BLASConfiguration = {
        let processor = ProcessorInfo.current
        #if canImport(Accelerate)
        return BLASConfiguration(library: "Accelerate", version: "", buildConfig: "", core: "Accelerate",
                                 libraryCore: "Accelerate", selection: .system, threads: 1, workers: Parallel.workers,
                                 processor: processor)
        #else
        let buildConfig = String(cString: openblas_get_config()).trimmingCharacters(in: .whitespaces)
        let libraryCore = String(cString: openblas_get_corename())
        let decision = BLASKernelChoice.decide(
            currentCore: libraryCore, features: processor.features, vendor: processor.vendor,
            userSetting: environment("OPENBLAS_CORETYPE"),
            hasCore: { dlsym(libraryHandle, "gotoblas_\($0.uppercased())") != nil })
        var selection: BLASConfiguration.Selection
        switch decision {
        case .keep(let reason):
            selection = .library(reason)
        case .use(let core):
            selection = reinitialise(core: core) ? .switched(from: libraryCore) : .switchFailed(wanted: core)
        }
        // The model core splits products over its own workers (`BLAS.gemm`, `PackedMatrix`): OpenBLAS's
        // threads would only spin beside them between products.
        openblas_set_num_threads(1)
        return BLASConfiguration(
            library: "OpenBLAS", version: version(fromConfig: buildConfig), buildConfig: buildConfig,
            core: String(cString: openblas_get_corename()), libraryCore: libraryCore, selection: selection,
            threads: 1, workers: Parallel.workers, processor: processor)
        #endif
    }()

    /// "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64" → "0.3.21".
    static func version(fromConfig config: String) -> String {
        let words = config.split(separator: " ")
        guard let index = words.firstIndex(of: "OpenBLAS"), index + 1 < words.count else { return "" }
        return String(words[index + 1])
    }

    #if !canImport(Accelerate)
    nonisolated(unsafe) private static let libraryHandle = dlopen(nil, RTLD_NOW)

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// OpenBLAS reads `OPENBLAS_CORETYPE` only while it initialises, before `main`. Its dynamic-arch
    /// builds export the two functions that tear that choice down and make it again, so the
    /// variable is set just for the new choice and removed afterwards (child processes decide for
    /// themselves). This runs once, before this process's first product.
    private static func reinitialise(core: String) -> Bool {
        typealias Call = @convention(c) () -> Void
        guard let quit = dlsym(libraryHandle, "gotoblas_dynamic_quit"),
              let start = dlsym(libraryHandle, "gotoblas_dynamic_init") else { return false }
        setenv("OPENBLAS_CORETYPE", core, 1)
        unsafeBitCast(quit, to: Call.self)()
        unsafeBitCast(start, to: Call.self)()
        unsetenv("OPENBLAS_CORETYPE")
        return String(cString: openblas_get_corename()).lowercased() == core.lowercased()
    }
    #endif
}
