import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// The shipped checkpoints' forward passes against golden values that an independent numpy
/// implementation (`Tests/Reference/shipped_golden.py`) computed from the same files: these run in
/// a fresh clone, without ../shared. `scripts/ship-checkpoint.sh` rewrites them when it ships a new
/// checkpoint (by hand: `python3 Tests/Reference/shipped_golden.py`).
struct ShippedGoldenForwardTests {
    static func golden(_ name: String) throws -> GoldenForwardTests.Golden {
        let url = SharedFiles.projectRoot.appendingPathComponent("Tests/Reference/golden/\(name).golden.json")
        return try JSONDecoder().decode(GoldenForwardTests.Golden.self, from: Data(contentsOf: url))
    }

    static func model(_ name: String) throws -> ModelFile {
        try ModelFile.load(SharedFiles.projectRoot.appendingPathComponent("checkpoints/\(name).safetensors"))
    }

    @Test func shippedSheepReproducesTheIndependentForwardPass() throws {
        try GoldenForwardTests.checkDecoder(try Self.model("sheep"), try Self.golden("sheep"), latent: nil)
    }

    @Test func shippedSheepVAEEncodesAndDecodesAsTheIndependentForwardPass() throws {
        let golden = try Self.golden("sheep-vae")
        let model = try Self.model("sheep-vae")
        let points = golden.sequence_stroke5_model_units.prefix(try #require(golden.real_points))
        let sketch = Sketch(points: points.map { StrokePoint(dx: $0[0], dy: $0[1], penLifted: $0[3] == 1) })
        let encoding = try LatentSpace(model: model).encode([sketch])
        GoldenForwardTests.expectClose(encoding.mu, try #require(golden.mu), "mu")
        GoldenForwardTests.expectClose(encoding.presig, try #require(golden.presig), "presig")
        try GoldenForwardTests.checkDecoder(model, golden, latent: encoding.mu)
    }
}
