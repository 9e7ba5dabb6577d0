import Foundation
import Testing
@testable import SketchRNN

/// A decoder state the caller owns (magenta-js's `zeroState` / `update` / `getPDF` / `sample`): a
/// caller's own loop draws what the library's samplers draw, a state read point by point is the
/// state of the whole drawing read at once, and completions start from it.
struct DecoderStateTests {
    static let drawing = Sketch(points: [
        StrokePoint(dx: 30, dy: 0, penLifted: false), StrokePoint(dx: 0, dy: 30, penLifted: false),
        StrokePoint(dx: -30, dy: 0, penLifted: true), StrokePoint(dx: 10, dy: 10, penLifted: false),
        StrokePoint(dx: 15, dy: -5, penLifted: true),
    ])

    @Test(arguments: [ModelType.decoder, .vae])
    func aCallersLoopDrawsWhatTheSamplerDraws(type: ModelType) throws {
        // A decoder-only sample is stream 0 of its seed from the start state; the VAE's from z = 0.
        let model = try SketchModelTests.model(type, dataPixelsPerUnit: 2)
        let t = SamplingTemperature(0.6)
        var state = try model.startState()
        var random = RandomStream(seed: 0)
        random.generator = GenerationRandom(seed: 21).drawing(0)
        var points = [StrokePoint]()
        while points.count < model.maxPoints, let p = try model.nextPoint(after: state, temperature: t, random: &random) {
            points.append(p)
            try model.update(&state, with: p)
        }
        #expect(state.pointsRead == points.count)
        let latents = type == .vae ? [Float](repeating: 0, count: model.latentSize) : nil
        let sampled = try Sampler(model: model.file, capacity: 1).drawings(
            count: 1, latents: latents, options: .init(temperature: t, seed: 21, redraws: 0))[0]
        #expect(SketchModelTests.close(Sketch(points: points), model.units.toCaller(sampled.sketch)))
    }

    @Test(arguments: [ModelType.decoder, .vae])
    func readingPointByPointIsReadingTheDrawing(type: ModelType) throws {
        let model = try SketchModelTests.model(type)
        let z = type == .vae ? try model.encode([Self.drawing])[0] : nil
        var whole = try model.startState(latent: z)
        try model.update(&whole, with: Self.drawing)
        var byPoint = try model.startState(latent: z)
        for p in Self.drawing.points { try model.update(&byPoint, with: p) }
        #expect(whole == byPoint && whole.pointsRead == 5)
        #expect(try model.distribution(of: whole) == model.nextPointDistribution(after: Self.drawing))
        // A copy is a value: reading on from it leaves the original where it was.
        var copy = whole
        try model.update(&copy, with: StrokePoint(dx: 1, dy: 1, penLifted: false))
        #expect(copy != whole && copy.pointsRead == 6 && whole.pointsRead == 5)
    }

    @Test func endingsFromAKeptStateAreTheEndingsOfTheDrawing() throws {
        let model = try SketchModelTests.model(.decoder)
        let polylines: [Polyline] = [[SIMD2(0, 0), SIMD2(40, 0), SIMD2(40, 40)], [SIMD2(60, 60), SIMD2(90, 70)]]
        let options = CompletionOptions(count: 3, temperature: SamplingTemperature(0.5), seed: 4, simplification: 0)
        let fromDrawing = try model.complete(polylines, options: options)
        var state = try model.startState()
        try model.update(&state, with: model.reading(of: polylines, simplification: 0))
        let fromState = try model.complete(from: state, options: options)
        #expect(fromState.endings == fromDrawing.endings && fromState.finished.allSatisfy { $0 })
        // The same drawing as stroke-3 points, as the state read it.
        let asSketch = try model.complete(model.reading(of: polylines, simplification: 0), options: options)
        #expect(asSketch.endings == fromDrawing.endings)
    }

    @Test func aModelAskedAgainAboutAGrowingDrawingAnswersAsAFreshOne() throws {
        // The face lends its completer back and forth: the cached finished strokes must never
        // change an answer.
        let kept = try SketchModelTests.model(.decoder)
        let strokes: [Polyline] = [[SIMD2(0, 0), SIMD2(40, 0), SIMD2(40, 40)], [SIMD2(60, 60), SIMD2(90, 70)],
                                   [SIMD2(10, 80), SIMD2(30, 100), SIMD2(20, 120)]]
        for n in 1...strokes.count {
            for penLifted in [false, true] {
                let options = CompletionOptions(count: 2, temperature: SamplingTemperature(0.5), seed: 7)
                let fresh = try SketchModelTests.model(.decoder).complete(Array(strokes[..<n]), penLifted: penLifted, options: options)
                #expect(try kept.complete(Array(strokes[..<n]), penLifted: penLifted, options: options).endings == fresh.endings)
            }
        }
    }

    @Test func aBadStateRequestIsAnError() throws {
        let vae = try SketchModelTests.model(.vae)
        #expect(throws: GenerationError.self) { try vae.startState(latent: LatentVector([1, 2])) }
        let state = try vae.startState()
        #expect(throws: GenerationError.self) { try vae.distribution(of: state, temperature: SamplingTemperature(-1)) }
    }
}
