import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

struct EndProbeTests {
    static let sketches = [4, 9, 1, 6].map { n in
        Sketch(points: (0..<n).map { StrokePoint(dx: Float($0 % 3) - 1, dy: 0.5, penLifted: $0 % 4 == 3) })
    }

    /// p3 at temperature 1 after feeding S0 and every point of one sketch, step by step.
    static func endProbability(_ model: ModelFile, _ sketch: Sketch, latent: [Float]?) throws -> (end: Double, before: [Double]) {
        let stepper = try DecoderStepper(parameters: model.parameters, config: model.config, capacity: 1)
        stepper.start(rows: 1, latent: latent)
        let s0 = model.config.firstInput.row
        var rows: [[Float]] = [s0]
        rows += sketch.points.map { [$0.dx, $0.dy, $0.penLifted ? 0 : 1, $0.penLifted ? 1 : 0, 0] }
        var p3 = [Double]()
        for row in rows {
            stepper.step(row)
            let y = stepper.output(row: 0)
            let e = y[0..<3].map { exp(Double($0)) }
            p3.append(e[2] / e.reduce(0, +))
        }
        return (p3.last!, Array(p3.dropLast()))
    }

    @Test(arguments: [ModelType.decoder, .vae])
    func readsTheEndStateWhereEachSketchEnds(type: ModelType) throws {
        let model = TinyModels.sampling(type)
        let space = type == .vae ? try LatentSpace(model: model) : nil
        let figures = try EndProbe(model: model, capacity: 3).measure(Self.sketches)  // batches of 3 and 1
        var atEnd = [Double](), before = [Double]()
        for sketch in Self.sketches {
            let z = try space?.encode([sketch]).mu
            let p = try Self.endProbability(model, sketch, latent: z)
            atEnd.append(p.end)
            before += p.before
        }
        #expect(figures.sketches == 4)
        #expect(abs(figures.meanAtEnd - atEnd.reduce(0, +) / 4) < 1e-5)
        #expect(abs(figures.meanBeforeEnd - before.reduce(0, +) / Double(before.count)) < 1e-5)
        #expect(figures.aboveHalfAtEnd == atEnd.filter { $0 > 0.5 }.count)
    }

    @Test func aModelSureOfTheEndSaysSo() throws {
        var model = TinyModels.sampling(.decoder)
        let bias = (0..<model.config.outputSize).map { Float($0 == 2 ? 8 : 0) }
        try model.parameters.set("output.bias", Tensor(shape: [model.config.outputSize], data: bias))
        let figures = try EndProbe(model: model).measure(Self.sketches)
        #expect(figures.meanAtEnd > 0.99 && figures.aboveHalfAtEnd == 4)
    }
}
