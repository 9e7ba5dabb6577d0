import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// Small model files whose metadata or weights ask for the absurd (issue 16): each is refused with
/// a message naming the file and the problem, before anything of the asked size is allocated.
struct HostileModelTests {
    static let name = "/m/hostile.safetensors"

    /// The tiny VAE's safetensors bytes with one key of its config replaced.
    static func safetensors(configKey: String, value: Any) throws -> Data {
        var file = ModelFileTests.model().safetensors
        var config = try #require(try JSONSerialization.jsonObject(with: Data(file.metadata["config"]!.utf8)) as? [String: Any])
        config[configKey] = value
        file.metadata["config"] = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        return try file.encoded()
    }

    static func problem(_ data: Data) -> String? { ModelFileTests.problem(data) }

    @Test func sizesThatWouldWrapOrExhaustMemoryAreRefused() throws {
        let cases: [(String, Any, String)] = [
            ("mixtures", 1 << 60, "mixtures is 1152921504606846976, above the limit"),
            ("decoderSize", 1_000_000_000, "decoderSize is 1000000000, above the limit"),
            ("maxSeqLen", 1_000_000_000_000_000, "maxSeqLen is 1000000000000000, above the limit"),
            ("latentSize", -3, "latentSize must be positive"),
            ("encoderSize", Int.max, "encoderSize is \(Int.max), above the limit"),
        ]
        for (key, value, expected) in cases {
            let problem = Self.problem(try Self.safetensors(configKey: key, value: value))
            #expect(problem?.contains(expected) == true, "\(key) = \(value): \(problem ?? "accepted")")
        }
    }

    @Test func sizesWithinEachLimitCanStillMakeTooManyParameters() {
        let config = ModelConfig(type: .vae, cell: .hyper, encoderSize: 8192, decoderSize: 8192, latentSize: 4096,
                                 mixtures: 1024, hyperSize: 8192, hyperEmbedding: 1024, nmax: 250)
        #expect(throws: ModelConfigError.self) { try config.validate() }
    }

    @Test(arguments: CellType.allCases)
    func theCheckedCountIsTheLayoutsCount(cell: CellType) {
        for type in ModelType.allCases {
            let config = ModelConfig(type: type, cell: cell, encoderSize: 7, decoderSize: 11, latentSize: 5, mixtures: 3,
                                     hyperSize: 6, hyperEmbedding: 4, nmax: 20)
            #expect(ModelLimits.checkedParameterCount(config) == ParameterLayout(config: config).totalCount)
        }
    }

    @Test func extremeWeightsAndScaleFactorsAreRefused() throws {
        var model = ModelFileTests.model()
        let bias = try #require(model.parameters.layout.entry("output.bias"))
        model.parameters.values[bias.offset] = 1e30
        #expect(Self.problem(try model.safetensors.encoded())?.contains("output.bias holds values beyond") == true)
        for scale in ["1e38", "0", "-2", "nan", "inf"] {
            var file = ModelFileTests.model().safetensors
            file.metadata["scale_factor"] = scale
            #expect(Self.problem(try file.encoded())?.contains("scale_factor") == true, "scale_factor \(scale)")
        }
    }

    @Test func sketchRNNJSModelsAreBoundedToo() throws {
        let good = try SketchRNNJS.encode(TinyModels.exported(type: .decoder))
        func edited(_ change: (inout [Any]) -> Void) throws -> Data {
            var top = try #require(try JSONSerialization.jsonObject(with: good) as? [Any])
            change(&top)
            return try JSONSerialization.data(withJSONObject: top)
        }
        func info(_ key: String, _ value: Any) throws -> Data {
            try edited { top in
                var info = top[0] as! [String: Any]
                info[key] = value
                top[0] = info
            }
        }
        #expect(Self.problem(try info("max_seq_len", 1e15))?.contains("maxSeqLen is 1000000000000000, above the limit") == true)
        #expect(Self.problem(try info("max_seq_len", 1e300))?.contains("max_seq_len") == true)
        #expect(Self.problem(try info("scale_factor", 1e38))?.contains("scale_factor") == true)
        // Three sides of 2^23 overflow Int when multiplied: refused as not a vector or matrix.
        let cube = try edited { top in
            var shapes = top[1] as! [Any]
            shapes[1] = [1 << 23, 1 << 23, 1 << 23]
            top[1] = shapes
        }
        #expect(Self.problem(cube)?.contains("not a vector or matrix") == true)
    }

    @Test func aTrainingGraphTooLargeForTheMachineIsRefusedBeforeAllocating() throws {
        let config = ModelConfig(type: .decoder, decoderSize: 512, nmax: 250)
        #expect(ActivationMemory.estimatedBytes(config: config, maxBatch: Int.max, maxSteps: 2) == nil)
        #expect(throws: ModelConfigError.self) {
            try SketchRNNTrainingGraph(config: config, maxBatch: 100, maxSteps: 1_000_000)
        }
        #expect(throws: ModelConfigError.self) {
            try ActivationMemory.check(config: config, maxBatch: 100, maxSteps: 250, budget: 1 << 20)
        }
        // The real size (batch 100, Nmax 250) fits: about 0.45 GB.
        let bytes = try #require(ActivationMemory.estimatedBytes(config: config, maxBatch: 100, maxSteps: 250))
        #expect(bytes > 300_000_000 && bytes < 600_000_000)
    }
}
