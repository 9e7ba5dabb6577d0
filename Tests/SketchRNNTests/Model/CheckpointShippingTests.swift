import Foundation
import Testing
import SketchCheckpoints
import SketchTestSupport
@testable import SketchRNN

struct CheckpointShippingTests {
    static func figures(_ lr: Float, kl: Float = 0) -> Losses {
        Losses(total: lr + 0.5 * kl, reconstruction: lr, offset: lr - 0.1, pen: 0.1, kl: kl, sketches: 10)
    }

    /// A trained-looking tiny model: a VAE or decoder with optimiser tensors and run notes to drop.
    static func model(type: ModelType) -> ModelFile {
        let config = ModelConfig(type: type, encoderSize: 6, decoderSize: 8, latentSize: 4, mixtures: 3, nmax: 16)
        return ModelFile(
            config: config, parameters: .initialized(config: config, seed: 3),
            info: ModelInfo(name: "run", scaleFactor: 1, dataSets: ["made-up"], trainingStep: 40,
                            losses: ["valid": 1.5, "valid_reconstruction": 1.4], notes: ["pen_loss": "masked", "training_seconds": "12", "adam": "{}", "started_from": "tiny at step 3 (5 s of training)"]),
            extraTensors: ["adam.m": Tensor(shape: [2], data: [1, 2])])
    }

    static func request(maxBytes: Int = CheckpointShipping.maxBytes, tolerance: Float = CheckpointShipping.f16Tolerance) -> CheckpointShipping.Request {
        CheckpointShipping.Request(name: "tiny", testSketches: TrainingFixtures.sketches(count: 12, seed: 9, maxLength: 16),
                                   licences: ["made-up": "CC0"], run: .init(steps: 50, seconds: 30.4),
                                   trainingJSON: "{\"batchSize\":6}", trainingSketches: 120, maxBytes: maxBytes, tolerance: tolerance)
    }

    @Test func float16IsChosenOnlyWhenBothFiguresMoveLessThanTheTolerance() {
        let s = { (a: Losses, b: Losses) in CheckpointShipping.storage(f32: a, f16: b) }
        #expect(s(Self.figures(0.5), Self.figures(0.509)) == .f16)
        #expect(s(Self.figures(0.5), Self.figures(0.491)) == .f16)
        #expect(s(Self.figures(0.5), Self.figures(0.5101)) == .f32)
        #expect(s(Self.figures(0.5, kl: 0.3), Self.figures(0.5, kl: 0.32)) == .f32)
        #expect(s(Self.figures(0.5), Self.figures(.nan)) == .f32)
    }

    @Test func checkpointNamesMustWorkAsShortNames() {
        #expect(CheckpointShipping.nameProblem("sheep-vae") == nil)
        #expect(CheckpointShipping.nameProblem("kanji.rdp100") == nil)
        for bad in ["", ".hidden", "a/b", "sheep.safetensors", "two words"] { #expect(CheckpointShipping.nameProblem(bad) != nil) }
    }

    @Test(arguments: [ModelType.vae, .decoder])
    func shipsWeightsOnlyWithTestFiguresAndLicence(type: ModelType) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = Self.model(type: type)
        let request = Self.request()
        let report = try CheckpointShipping.ship(model, request, to: folder.url)
        #expect(report.url == folder.file("tiny.safetensors"))

        // The figures are the evaluator's on the stored weights, and the choice follows them.
        #expect(report.storage == CheckpointShipping.storage(f32: report.f32, f16: report.f16))
        #expect(report.storage == .f16)  // a tiny model's rounding moves nothing near 0.01
        let back = try ModelFile.load(report.url)
        let direct = try Evaluator(config: back.config, batchSize: 12)
            .evaluate(parameters: back.parameters, sketches: request.testSketches, klWeight: 0.5, seed: 1)
        #expect(direct == report.f16)
        #expect(back.info.losses["test_reconstruction"] == Double(direct.reconstruction))
        #expect(back.info.losses["test"] == Double(direct.total))
        #expect((back.info.losses["test_kl"] != nil) == (type == .vae))
        #expect(back.info.losses["valid_reconstruction"] == 1.4)

        // Weights only, float16 on disk: half the float32 tensor bytes.
        #expect(back.extraTensors.isEmpty)
        let bytes = try Data(contentsOf: report.url).count
        #expect(bytes == report.bytes)
        let f32Bytes = try ModelFile(config: back.config, parameters: back.parameters, info: back.info).safetensors.encoded(as: .f32).count
        #expect(f32Bytes - bytes >= 2 * back.parameters.count - 64)

        let notes = back.info.notes
        #expect(back.info.name == "tiny")
        #expect(back.info.trainingStep == 40)
        #expect(notes["storage"] == "f16")
        #expect(notes["data_licence"] == "made-up: CC0")
        #expect(notes["run_steps"] == "50")
        #expect(notes["run_seconds"] == "30")
        #expect(notes["training"] == "{\"batchSize\":6}")
        #expect(notes["training_size"] == "120")
        #expect(notes["pen_loss"] == "masked" && notes["training_seconds"] == "12")
        #expect(notes[TrainingState.startedFromKey] == "tiny at step 3 (5 s of training)", "what a fine-tuned run started from ships with it")
        #expect(notes["adam"] == nil)
        #expect(notes["test_L_R_f32"] == "\(report.f32.reconstruction)")

        let listed = try #require(Checkpoints.list(folders: [folder.url]).first)
        #expect(listed.name == "tiny" && listed.testReconstruction == Double(direct.reconstruction))
    }

    @Test func float32IsKeptWhenFloat16MovesTheLoss() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A zero tolerance stands for a model whose loss float16 moves too much.
        let report = try CheckpointShipping.ship(Self.model(type: .decoder), Self.request(tolerance: 0), to: folder.url)
        #expect(report.storage == .f32)
        let back = try ModelFile.load(report.url)
        #expect(back.parameters.values == Self.model(type: .decoder).parameters.values)
        #expect(back.info.notes["storage"] == "f32")
    }

    @Test func anOversizedOrUnlicensedCheckpointIsNotWritten() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = Self.model(type: .vae)
        #expect(throws: ShippingError.self) { try CheckpointShipping.ship(model, Self.request(maxBytes: 1000), to: folder.url) }
        var unlicensed = Self.request()
        unlicensed.licences = [:]
        #expect(throws: ShippingError.self) { try CheckpointShipping.ship(model, unlicensed, to: folder.url) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test func theRunSummaryIsTheLogsLastStep() throws {
        let records = [10, 30, 20].map {
            TrainingLogRecord(step: $0, training: Losses(total: 1, reconstruction: 1, kl: 0), learningRate: 1e-3, klWeight: 0, elapsedSeconds: Double($0) * 2)
        }
        #expect(CheckpointShipping.RunSummary(records: records) == .init(steps: 30, seconds: 60))
        #expect(CheckpointShipping.RunSummary(records: []) == nil)
    }

    @Test func theShippedDataSetsHaveTheirLicences() {
        #expect(DataLicence.licence(of: "aaron_sheep")?.hasPrefix("CC BY-NC 4.0") == true)
        #expect(DataLicence.licence(of: "kanji.rdp100.npz")?.hasPrefix("CC BY-SA 3.0") == true)
        #expect(DataLicence.licence(of: "../shared/data/omniglot.npz")?.contains("MIT") == true)
        #expect(DataLicence.licence(of: "cat") == nil)
    }

    /// The recipes of scripts/checkpoint-recipes.sh fit the 10 MB limit even in float32.
    @Test func theShippedRecipesFitTheLimitInFloat32() throws {
        let vae = ModelConfig(type: .vae, encoderSize: 256, decoderSize: 512, latentSize: 128, mixtures: 20, nmax: 250)
        let decoder = ModelConfig(type: .decoder, decoderSize: 512, mixtures: 20, nmax: 250)
        for config in [vae, decoder] {
            let file = ModelFile(config: config, parameters: Parameters(config: config), info: ModelInfo(name: "big", scaleFactor: 1))
            let bytes = try file.safetensors.encoded(as: .f32).count
            #expect(bytes < CheckpointShipping.maxBytes - 100_000, "\(config.type): \(bytes) bytes")
        }
    }
}
