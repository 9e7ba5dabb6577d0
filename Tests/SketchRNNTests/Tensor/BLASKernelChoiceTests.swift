import Foundation
import XCTest
@testable import SketchRNN

final class BLASKernelChoiceTests: XCTestCase {
    let avx512: Set<String> = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"]
    let every: (String) -> Bool = { _ in true }

    func testGenericFallBackOnAnAVX512ProcessorSwitchesToAVX512Kernels() {
        XCTAssertEqual(BLASKernelChoice.decide(currentCore: "Prescott", features: avx512, vendor: "GenuineIntel",
                                               userSetting: nil, hasCore: every), .use("SkylakeX"))
        // Emerald Rapids (family 6, model 207) also has BF16: Cooperlake's kernels are the closest.
        XCTAssertEqual(BLASKernelChoice.decide(currentCore: "Prescott", features: avx512.union(["avx512_bf16"]),
                                               vendor: "GenuineIntel", userSetting: nil, hasCore: every), .use("Cooperlake"))
    }

    func testABuildWithoutTheBestCoreTakesTheNextBest() {
        let withoutAVX512 = { (core: String) in core == "Haswell" }
        XCTAssertEqual(BLASKernelChoice.decide(currentCore: "Prescott", features: avx512, vendor: "GenuineIntel",
                                               userSetting: nil, hasCore: withoutAVX512), .use("Haswell"))
        XCTAssertEqual(BLASKernelChoice.decide(currentCore: "Prescott", features: avx512, vendor: "GenuineIntel",
                                               userSetting: nil, hasCore: { _ in false }), .keep(.noBetterKernels))
    }

    func testAnAVX2ProcessorGetsItsVendorsKernels() {
        let avx2: Set<String> = ["avx", "avx2", "fma"]
        XCTAssertEqual(BLASKernelChoice.decide(currentCore: "Core2", features: avx2, vendor: "AuthenticAMD",
                                               userSetting: nil, hasCore: every), .use("Zen"))
        XCTAssertEqual(BLASKernelChoice.decide(currentCore: "Nehalem", features: avx2, vendor: "GenuineIntel",
                                               userSetting: nil, hasCore: every), .use("Haswell"))
        // AVX2 without FMA is not enough for the Haswell kernels.
        XCTAssertEqual(BLASKernelChoice.decide(currentCore: "Prescott", features: ["avx", "avx2"], vendor: "GenuineIntel",
                                               userSetting: nil, hasCore: every), .use("Sandybridge"))
    }

    func testTheUsersSettingAlwaysWins() {
        XCTAssertEqual(BLASKernelChoice.decide(currentCore: "Prescott", features: avx512, vendor: "GenuineIntel",
                                               userSetting: "Prescott", hasCore: every), .keep(.userSetting("Prescott")))
        // An empty variable is no setting (OpenBLAS itself ignores it).
        XCTAssertEqual(BLASKernelChoice.decide(currentCore: "Prescott", features: avx512, vendor: "GenuineIntel",
                                               userSetting: "", hasCore: every), .use("SkylakeX"))
    }

    func testKernelsOpenBLASChoseForAKnownProcessorAreKept() {
        for core in ["Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"] {
            XCTAssertEqual(BLASKernelChoice.decide(currentCore: core, features: avx512, vendor: "GenuineIntel",
                                                   userSetting: nil, hasCore: every), .keep(.libraryKnowsProcessor), core)
        }
        // An old processor on generic kernels has nothing better.
        XCTAssertEqual(BLASKernelChoice.decide(currentCore: "Prescott", features: ["sse3"], vendor: "GenuineIntel",
                                               userSetting: nil, hasCore: every), .keep(.libraryKnowsProcessor))
        XCTAssertEqual(BLASKernelChoice.decide(currentCore: "Sandybridge", features: ["avx"], vendor: "GenuineIntel",
                                               userSetting: nil, hasCore: every), .keep(.libraryKnowsProcessor))
    }

    func testProcessorInfoReadsTheFirstProcessorOfProcCpuinfo() throws {
        let text = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model\t\t: 207
            model name\t: Intel(R) Xeon(R) Processor
            flags\t\t: fpu sse3 avx2 fma avx512f avx512_bf16

            processor\t: 1
            vendor_id\t: GenuineIntel
            model name\t: Something Else
            flags\t\t: fpu

            """
        let info = try XCTUnwrap(ProcessorInfo.parse(cpuinfo: text))
        XCTAssertEqual(info.modelName, "Intel(R) Xeon(R) Processor")
        XCTAssertEqual(info.vendor, "GenuineIntel")
        XCTAssertEqual(info.family, 6)
        XCTAssertEqual(info.model, 207)
        XCTAssertEqual(info.features, ["fpu", "sse3", "avx2", "fma", "avx512f", "avx512_bf16"])
        XCTAssertEqual(info.summary, "Intel(R) Xeon(R) Processor (family 6, model 207)")
        XCTAssertNil(ProcessorInfo.parse(cpuinfo: "\n\n"))
    }

    func testVersionComesFromOpenBLASsBuildDescription() {
        XCTAssertEqual(BLASRuntime.version(fromConfig: "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64"), "0.3.21")
        XCTAssertEqual(BLASRuntime.version(fromConfig: "something else"), "")
    }

    /// The running process: a user's setting is in force, or the kernels are not generic on a
    /// processor that has better ones.
    func testThisProcessRunsTheKernelsItShould() {
        let config = BLASRuntime.configuration
        #if canImport(Accelerate)
        XCTAssertEqual(config.library, "Accelerate")
        #else
        XCTAssertEqual(config.library, "OpenBLAS")
        if let setting = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], !setting.isEmpty {
            XCTAssertEqual(config.selection, .library(.userSetting(setting)))
        } else {
            XCTAssertFalse(config.isGeneric, config.summary)
        }
        XCTAssertGreaterThan(config.threads, 0)
        #endif
    }
}
