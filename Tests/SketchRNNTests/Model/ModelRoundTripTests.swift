import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// Saving and loading must not change what a model computes.
struct ModelRoundTripTests {
    /// Raw outputs of every step over a fixed sketch, batch of 2 streams (the second with z negated
    /// for a VAE), teacher-forced.
    static func outputs(_ model: ModelFile, steps: Int = 12) throws -> [Float] {
        let stepper = try DecoderStepper(parameters: model.parameters, config: model.config, capacity: 2)
        let nz = model.config.latentSize
        var z: [Float]? = nil
        if model.config.isVAE {
            let first: [Float] = (0..<nz).map { Float($0 % 5) * 0.3 - 0.6 }
            z = first + first.map { -$0 }
        }
        stepper.start(rows: 2, latent: z)
        var rng = SeededGenerator(seed: 5)
        var input = model.config.firstInput.row + model.config.firstInput.row
        var all = [Float]()
        for t in 0..<steps {
            stepper.step(input)
            all += Array(stepper.outputs)
            let lift: Float = t % 4 == 3 ? 1 : 0
            input = [rng.nextGaussian(), rng.nextGaussian(), 1 - lift, lift, 0, rng.nextGaussian(), rng.nextGaussian(), 1, 0, 0]
        }
        return all
    }

    @Test(arguments: CellType.allCases)
    func savedModelGivesBitIdenticalOutputs(cell: CellType) throws {
        let model = ModelFileTests.model(cell: cell)
        let url = ModelFileTests.temporaryURL("rt.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let back = try ModelFile.load(url)
        let a = try Self.outputs(model), b = try Self.outputs(back)
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        #expect(a.allSatisfy { $0.isFinite })
    }

    @Test(.enabled(if: SharedFiles.isAvailable, Comment(rawValue: SharedFiles.skipMessage)))
    func importedModelSavedInTheProjectFormatGivesBitIdenticalOutputs() throws {
        let model = try ModelFile.load(try #require(SharedFiles.url("models/omniglot_torch.vae.json")))
        let url = ModelFileTests.temporaryURL("omniglot.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let back = try ModelFile.load(url)
        #expect(back.config == model.config)
        let a = try Self.outputs(model), b = try Self.outputs(back)
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
    }

    @Test(arguments: [ModelType.decoder, .vae])
    func sketchRNNJSExportRunsTheSameWithinTheFormatsPrecision(type: ModelType) throws {
        var config = ModelConfig(type: type, cell: .lstm, decoderSize: 64, mixtures: 20, nmax: 50)
        if type == .vae {
            config.encoderSize = 16
            config.latentSize = 8
        }
        // TF's initialisation: weights of the size a model starts training with.
        let parameters = Parameters.initialized(config: config, seed: 9)
        let model = ModelFile(config: config, parameters: parameters, info: ModelInfo(name: "t", scaleFactor: 20))
        let back = try SketchRNNJS.decode(try SketchRNNJS.encode(model), name: "t.json")
        for (a, b) in zip(model.parameters.values, back.parameters.values) {
            #expect(abs(min(max(a, -10), 10) - b) <= 10 / 32767)
        }
        let a = try Self.outputs(model, steps: 30), b = try Self.outputs(back, steps: 30)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-3, "largest output difference \(worst)")
    }
}
