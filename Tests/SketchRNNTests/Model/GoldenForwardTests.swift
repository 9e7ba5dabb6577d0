import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// The forward pass against the reference values in ../shared/reference (docs/model.md §5), computed by an
/// independent numpy implementation from the same sketch-rnn-js files.
struct GoldenForwardTests {
    struct Golden: Decodable {
        struct Step: Decodable {
            var step: Int
            var h_first8: [Double]
            var c_first8: [Double]
            var pen_logits: [Double]
            var pi_logits: [Double]
            var mu_x: [Double]
            var mu_y: [Double]
            var sigma_x: [Double]
            var sigma_y: [Double]
            var rho: [Double]
        }
        var sequence_stroke5_model_units: [[Float]]
        var sum_log_density_offsets: Double
        var sum_log_prob_pen: Double?
        var sum_log_prob_pen_all_nmax_steps: Double?
        var steps: [Step]
        var mu: [Double]?
        var presig: [Double]?
        var nmax: Int?
        var real_points: Int?
        var first_input: [Float]?
    }

    static func load(_ name: String) throws -> Golden {
        let url = try #require(SharedFiles.url("reference/\(name)"))
        return try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    }

    /// `|ours - reference| <= 1e-4 (|reference| + 1e-3)`: relative, with a floor for values near 0.
    static func expectClose(_ ours: [Float], _ reference: [Double], _ what: String) {
        #expect(ours.count == reference.count, "\(what): \(ours.count) values, reference \(reference.count)")
        for (i, (a, b)) in zip(ours, reference).enumerated() {
            #expect(abs(Double(a) - b) <= 1e-4 * (abs(b) + 1e-3), "\(what)[\(i)]: \(a) vs \(b)")
        }
    }

    /// Checks one step's state and every output parameter, all derived from the raw outputs.
    static func check(step s: Golden.Step, stepper: DecoderStepper, hidden: Int) {
        let state = stepper.state(row: 0)  // LSTM: [c; h]
        expectClose(Array(state[hidden..<(hidden + 8)]), s.h_first8, "h at step \(s.step)")
        expectClose(Array(state[0..<8]), s.c_first8, "c at step \(s.step)")
        let y = stepper.output(row: 0)
        let m = (y.count - 3) / 6
        func block(_ k: Int) -> [Float] { Array(y[(3 + k * m)..<(3 + (k + 1) * m)]) }
        expectClose(Array(y[0..<3]), s.pen_logits, "pen logits at step \(s.step)")
        expectClose(block(0), s.pi_logits, "pi logits at step \(s.step)")
        expectClose(block(1), s.mu_x, "mu_x at step \(s.step)")
        expectClose(block(2), s.mu_y, "mu_y at step \(s.step)")
        expectClose(block(3).map { expf($0) }, s.sigma_x, "sigma_x at step \(s.step)")
        expectClose(block(4).map { expf($0) }, s.sigma_y, "sigma_y at step \(s.step)")
        expectClose(block(5).map { tanhf($0) }, s.rho, "rho at step \(s.step)")
    }

    /// Log-density of an offset under the mixture and log-probability of a pen state, in double
    /// precision straight from the raw outputs (independent of the library's loss code).
    static func logLikelihoods(_ y: [Float], target t: [Float]) -> (offset: Double, pen: Double) {
        let m = (y.count - 3) / 6
        func logSoftmax(_ v: ArraySlice<Float>) -> [Double] {
            let mx = Double(v.max()!)
            let lse = mx + log(v.reduce(0.0) { $0 + exp(Double($1) - mx) })
            return v.map { Double($0) - lse }
        }
        let logQ = logSoftmax(y[0..<3])
        let pen = (0..<3).reduce(0.0) { $0 + Double(t[2 + $1]) * logQ[$1] }
        let logPi = logSoftmax(y[3..<(3 + m)])
        var terms = [Double]()
        for j in 0..<m {
            let mx = Double(y[3 + m + j]), my = Double(y[3 + 2 * m + j])
            let sx = exp(Double(y[3 + 3 * m + j])), sy = exp(Double(y[3 + 4 * m + j]))
            let rho = tanh(Double(y[3 + 5 * m + j]))
            let zx = (Double(t[0]) - mx) / sx, zy = (Double(t[1]) - my) / sy
            let z = zx * zx + zy * zy - 2 * rho * zx * zy
            let oneMinus = 1 - rho * rho
            terms.append(logPi[j] - z / (2 * oneMinus) - log(2 * Double.pi * sx * sy * oneMinus.squareRoot()))
        }
        let mx = terms.max()!
        return (mx + log(terms.reduce(0.0) { $0 + exp($1 - mx) }), pen)
    }

    /// Steps the decoder through a golden sequence from the model's first input, checking the
    /// recorded steps and the summed log-likelihoods.
    static func checkDecoder(_ model: ModelFile, _ golden: Golden, latent: [Float]?) throws {
        #expect(model.config.firstInput.row == golden.first_input)
        let stepper = try DecoderStepper(parameters: model.parameters, config: model.config, capacity: 1)
        stepper.start(rows: 1, latent: latent)
        var input = model.config.firstInput.row
        var offsets = 0.0, pens = 0.0
        let checked = Dictionary(uniqueKeysWithValues: golden.steps.map { ($0.step, $0) })
        for (t, target) in golden.sequence_stroke5_model_units.enumerated() {
            stepper.step(input)
            if let s = checked[t] { check(step: s, stepper: stepper, hidden: model.config.decoderSize) }
            let ll = logLikelihoods(stepper.output(row: 0), target: target)
            if target[4] == 0 { offsets += ll.offset }
            pens += ll.pen
            input = target
        }
        #expect(!golden.steps.isEmpty)
        #expect(abs(offsets - golden.sum_log_density_offsets) <= 1e-4 * abs(golden.sum_log_density_offsets))
        let penReference = try #require(golden.sum_log_prob_pen)
        #expect(abs(pens - penReference) <= 1e-4 * abs(penReference))
    }

    @Test(.enabled(if: SharedFiles.isAvailable, Comment(rawValue: SharedFiles.skipMessage)))
    func birdDecoderReproducesTheReference() throws {
        let golden = try Self.load("bird.gen.golden.json")
        let model = try ModelFile.load(try #require(SharedFiles.url("models/bird.gen.json")))
        try Self.checkDecoder(model, golden, latent: nil)
    }

    @Test(.enabled(if: SharedFiles.isAvailable, Comment(rawValue: SharedFiles.skipMessage)))
    func omniglotVAEReproducesTheReference() throws {
        let golden = try Self.load("omniglot_torch.vae.golden.json")
        let model = try ModelFile.load(try #require(SharedFiles.url("models/omniglot_torch.vae.json")))
        let sequence = golden.sequence_stroke5_model_units
        let sketch = Sketch(points: sequence.map { StrokePoint(dx: $0[0], dy: $0[1], penLifted: $0[3] == 1) })
        #expect(sketch.count == golden.real_points)

        let encoding = try LatentSpace(model: model).encode([sketch])
        Self.expectClose(encoding.mu, try #require(golden.mu), "mu")
        Self.expectClose(encoding.presig, try #require(golden.presig), "presig")

        let nmax = try #require(golden.nmax)
        #expect(model.config.nmax == nmax)
        let stepper = try DecoderStepper(parameters: model.parameters, config: model.config, capacity: 1)
        stepper.start(rows: 1, latent: encoding.mu)
        var input = model.config.firstInput.row
        var offsets = 0.0, pens = 0.0
        let checked = Dictionary(uniqueKeysWithValues: golden.steps.map { ($0.step, $0) })
        for t in 0..<nmax {
            let target: [Float] = t < sequence.count ? sequence[t] : [0, 0, 0, 0, 1]
            stepper.step(input)
            if let s = checked[t] { Self.check(step: s, stepper: stepper, hidden: model.config.decoderSize) }
            let ll = Self.logLikelihoods(stepper.output(row: 0), target: target)
            if t < sequence.count { offsets += ll.offset }
            pens += ll.pen
            input = target
        }
        #expect(abs(offsets - golden.sum_log_density_offsets) <= 1e-4 * abs(golden.sum_log_density_offsets))
        let penReference = try #require(golden.sum_log_prob_pen_all_nmax_steps)
        #expect(abs(pens - penReference) <= 1e-4 * abs(penReference))
    }
}
