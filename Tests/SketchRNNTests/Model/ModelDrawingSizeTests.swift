import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// The size a model draws at: read from its file, measured from its samples otherwise, and used to
/// fit a drawing made for one model to another (a sheep body stays a body).
@Suite struct ModelDrawingSizeTests {
    func line(_ side: Float) -> Sketch {
        Sketch(points: [StrokePoint(dx: 0, dy: 0, penLifted: false), StrokePoint(dx: side, dy: side / 2, penLifted: true)])
    }

    @Test func theMedianOfTheLongerSides() {
        #expect(ModelDrawingSize.median(of: [line(2), line(10), line(4)]) == 4)
        #expect(ModelDrawingSize.median(of: [line(2), line(4)]) == 3)
        #expect(ModelDrawingSize.median(of: [Sketch()]) == nil)
    }

    func tinyModel(notes: [String: String] = [:]) -> ModelFile {
        let config = ModelConfig(type: .decoder, cell: .lstm, decoderSize: 16, mixtures: 3, nmax: 12)
        return ModelFile(config: config, parameters: Parameters.initialized(config: config, seed: 1),
                         info: ModelInfo(name: "tiny", scaleFactor: 40, notes: notes))
    }

    @Test func aStoredSizeIsReadAndABadOneMeasuredInstead() throws {
        let stored = ModelDrawingSize.storing([line(6), line(8), line(7)], in: tinyModel())
        #expect(try ModelDrawingSize.of(stored) == ModelDrawingSize(modelUnits: 7, source: .file))
        // It survives the file: the metadata key is written and read back.
        let back = try ModelFile.decode(try stored.safetensors.encoded(as: .f32), name: "tiny")
        #expect(ModelDrawingSize.stored(in: back)?.modelUnits == 7)
        for bad in ["nan", "-3", "0", "seven"] {
            let size = try ModelDrawingSize.of(tinyModel(notes: [ModelDrawingSize.metadataKey: bad]))
            #expect(size.source == .samples && size.modelUnits > 0 && size.modelUnits.isFinite, "\(bad)")
        }
        // Measured from samples: the same model always measures the same.
        #expect(try ModelDrawingSize.of(tinyModel()) == ModelDrawingSize.of(tinyModel()))
    }

    static let checkpoints = SharedFiles.projectRoot.appendingPathComponent("checkpoints")

    @Test func everyShippedModelStoresItsSize() throws {
        for name in ["sheep", "sheep-vae", "kanji", "omniglot"] {
            let url = Self.checkpoints.appendingPathComponent("\(name).safetensors")
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let size = try #require(ModelDrawingSize.stored(in: try ModelFile.load(url)), "\(name) does not store drawing_size")
            #expect(size.modelUnits > 2 && size.modelUnits < 30, "\(name): \(size.modelUnits)")
        }
        // The library's face gives it in the caller's units.
        let sheep = try ModelFile.load(Self.checkpoints.appendingPathComponent("sheep.safetensors"))
        let model = try SketchModel(file: sheep, configuration: SketchModel.Configuration(threads: 1, dataPixelsPerUnit: 2))
        let expected = try #require(ModelDrawingSize.stored(in: sheep)).modelUnits * sheep.info.scaleFactor / 2
        #expect(abs(try model.drawingSize() - expected) < 1e-3)
    }

    /// The endings of a body whose bounding box stays within `limit` times the body's longer side:
    /// those that add legs and a head to it rather than draw a whole sheep beside it.
    func endingsOnTheBody(_ model: ModelFile, body: PrefixDrawing, scale: Float) throws -> Int {
        let face = try SketchModel(file: model, configuration: SketchModel.Configuration(dataPixelsPerUnit: body.dataPixelsPerUnit * scale))
        let result = try face.complete(body.polylines, penLifted: true, options: CompletionOptions(count: 8, temperature: SamplingTemperature(0.25), seed: 1))
        let endings = result.endings.map(\.points)
        let prefixBox = try #require(BoundingBox(around: body.polylines.joined()))
        let side = max(prefixBox.width, prefixBox.height)
        let start = try #require(body.polylines.last?.last)
        return endings.filter { ending in
            let lines = Sketch.polylines(of: ending, from: start, connected: false)
            guard let box = BoundingBox(around: lines.joined()) else { return true }
            let all = prefixBox.union(box)
            return max(all.width, all.height) < 1.6 * side
        }.count
    }

    @Test(.enabled(if: SharedFiles.url("models/sheep.gen.json") != nil, Comment(rawValue: SharedFiles.skipMessage)))
    func aBodyDrawnForOurSheepIsABodyToGooglesSheepOnceFitted() throws {
        let google = try ModelFile.load(try #require(SharedFiles.url("models/sheep.gen.json")))
        let ours = try ModelFile.load(Self.checkpoints.appendingPathComponent("sheep.safetensors"))
        let body = try PrefixDrawing.read(from: SharedFiles.projectRoot.appendingPathComponent("docs/models/sheep-body.json"))
        let fit = try ModelDrawingSize.of(google).modelUnits * google.info.scaleFactor
            / (try ModelDrawingSize.of(ours).modelUnits * ours.info.scaleFactor)
        #expect(fit > 2.5 && fit < 5, "Google's sheep draws about 3.5 times as large in data pixels: \(fit)")
        let fitted = try endingsOnTheBody(google, body: body, scale: fit)
        let unfitted = try endingsOnTheBody(google, body: body, scale: 1)
        let own = try endingsOnTheBody(ours, body: body, scale: 1)
        #expect(fitted >= 6, "fitted, \(fitted) of 8 endings stay on the body")
        #expect(unfitted <= 2, "unfitted, the body reads as a head: \(unfitted) of 8 stay on it")
        #expect(own >= 6, "our sheep: \(own) of 8")
    }
}
