import Foundation
import Testing
@testable import SketchRNN

struct ModelFileTests {
    static func model(cell: CellType = .lstm) -> ModelFile {
        let config = ModelConfig(type: .vae, cell: cell, encoderSize: 6, decoderSize: 8, latentSize: 4, mixtures: 3,
                                 hyperSize: 5, hyperEmbedding: 3, nmax: 40)
        return ModelFile(
            config: config, parameters: Parameters.initialized(config: config, seed: 11),
            info: ModelInfo(name: "tiny", scaleFactor: 53.437046, dataSets: ["omniglot.npz"], trainingStep: 1200,
                            losses: ["test": -0.031, "valid": 0.5], notes: ["licence": "MIT"]),
            extraTensors: ["adam.m.output.bias": Tensor(shape: [2], data: [1, 2])])
    }

    static func temporaryURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("mf-\(UUID().uuidString)-\(name)")
    }

    @Test(arguments: CellType.allCases)
    func savedAndLoadedAgainIsIdentical(cell: CellType) throws {
        let model = Self.model(cell: cell)
        let url = Self.temporaryURL("m.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let back = try ModelFile.load(url)
        #expect(back.config == model.config)
        #expect(back.info == model.info)
        #expect(back.parameters.values.map(\.bitPattern) == model.parameters.values.map(\.bitPattern))
        #expect(back.extraTensors == model.extraTensors)
    }

    @Test func metadataCarriesTheFiguresAsPlainStrings() throws {
        let m = Self.model().safetensors.metadata
        #expect(m["format"] == "sketch-rnn")
        #expect(m["model_type"] == "vae")
        #expect(m["cell"] == "lstm")
        #expect(m["scale_factor"] == "53.437046")
        #expect(m["max_seq_len"] == "40")
        #expect(m["training_step"] == "1200")
        #expect(m["data_sets"] == "[\"omniglot.npz\"]")
        #expect(m["losses"] == "{\"test\":-0.031,\"valid\":0.5}")
        #expect(m["licence"] == "MIT")
    }

    static func problem(_ data: Data) -> String? {
        do {
            _ = try ModelFile.decode(data, name: "/m/x.safetensors")
            return nil
        } catch let e as ModelFileError {
            #expect(e.description.hasPrefix("/m/x.safetensors: "))
            return e.problem
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func truncatedFileIsAClearError() throws {
        let data = try Self.model().safetensors.encoded()
        for cut in [3, 100, data.count / 2, data.count - 1] {
            let p = try #require(Self.problem(data.prefix(cut)))
            #expect(p.contains("truncated") || p.contains("neither") || p.contains("shorter"), "\(p)")
        }
    }

    @Test func nanWeightsWrongShapesAndUnknownTypesAreClearErrors() throws {
        var file = Self.model().safetensors
        file.tensors["decoder.whh"]!.data[3] = .nan
        #expect(Self.problem(try file.encoded())?.contains("decoder.whh holds NaN") == true)

        file = Self.model().safetensors
        file.tensors["mu.bias"] = Tensor(shape: [5], repeating: 0)
        #expect(Self.problem(try file.encoded())?.contains("mu.bias") == true)

        file = Self.model().safetensors
        file.tensors["output.weight"] = nil
        #expect(Self.problem(try file.encoded())?.contains("output.weight is missing") == true)

        file = Self.model().safetensors
        file.metadata["config"] = file.metadata["config"]!.replacingOccurrences(of: "\"vae\"", with: "\"gan\"")
        #expect(Self.problem(try file.encoded())?.contains("gan") == true)

        file = Self.model().safetensors
        file.metadata["format"] = nil
        #expect(Self.problem(try file.encoded())?.contains("not a sketch-rnn model") == true)
    }

    @Test func missingFileSaysSo() {
        #expect(throws: ModelFileError(file: "/no/such/model.safetensors", problem: "no such file")) {
            try ModelFile.load(URL(fileURLWithPath: "/no/such/model.safetensors"))
        }
    }
}
