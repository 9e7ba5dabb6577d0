import Foundation
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

    /// Steps the decoder through the golden sequence, checking the sampled steps and the summed
    /// log-likelihoods.
    static func checkDecoder(_ model: ModelFile, _ golden: GoldenForwardTests.Golden, latent: [Float]?) throws {
        #expect(model.config.firstInput.row == golden.first_input)
        let stepper = try DecoderStepper(parameters: model.parameters, config: model.config, capacity: 1)
        stepper.start(rows: 1, latent: latent)
        var input = model.config.firstInput.row
        var offsets = 0.0, pens = 0.0
        let checked = Dictionary(uniqueKeysWithValues: golden.steps.map { ($0.step, $0) })
        for (t, target) in golden.sequence_stroke5_model_units.enumerated() {
            stepper.step(input)
            if let s = checked[t] { GoldenForwardTests.check(step: s, stepper: stepper, hidden: model.config.decoderSize) }
            let ll = GoldenForwardTests.logLikelihoods(stepper.output(row: 0), target: target)
            if target[4] == 0 { offsets += ll.offset }
            pens += ll.pen
            input = target
        }
        #expect(checked.count == golden.steps.count && !golden.steps.isEmpty)
        #expect(abs(offsets - golden.sum_log_density_offsets) <= 1e-4 * abs(golden.sum_log_density_offsets))
        let penReference = try #require(golden.sum_log_prob_pen)
        #expect(abs(pens - penReference) <= 1e-4 * abs(penReference))
    }

    @Test func shippedSheepReproducesTheIndependentForwardPass() throws {
        try Self.checkDecoder(try Self.model("sheep"), try Self.golden("sheep"), latent: nil)
    }

    @Test func shippedSheepVAEEncodesAndDecodesAsTheIndependentForwardPass() throws {
        let golden = try Self.golden("sheep-vae")
        let model = try Self.model("sheep-vae")
        let points = golden.sequence_stroke5_model_units.prefix(try #require(golden.real_points))
        let sketch = Sketch(points: points.map { StrokePoint(dx: $0[0], dy: $0[1], penLifted: $0[3] == 1) })
        let encoding = try LatentSpace(model: model).encode([sketch])
        GoldenForwardTests.expectClose(encoding.mu, try #require(golden.mu), "mu")
        GoldenForwardTests.expectClose(encoding.presig, try #require(golden.presig), "presig")
        try Self.checkDecoder(model, golden, latent: encoding.mu)
    }
}
