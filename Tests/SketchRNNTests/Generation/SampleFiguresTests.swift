import SketchTestSupport
import Testing
@testable import SketchRNN

struct SampleFiguresTests {
    static func sketch(_ n: Int) -> Sketch {
        Sketch(points: (0..<n).map { StrokePoint(dx: 1, dy: 0, penLifted: $0 % 3 == 2) })
    }

    @Test func quartilesInterpolateBetweenSortedLengths() {
        let f = LengthFigures(lengths: [10, 1, 4, 7])  // sorted 1 4 7 10
        #expect(f.count == 4)
        #expect(f.lowerQuartile == 3.25)
        #expect(f.median == 5.5)
        #expect(f.upperQuartile == 7.75)
        #expect(f.text == "3.2 / 5.5 / 7.8" || f.text == "3.3 / 5.5 / 7.8")
        let odd = LengthFigures(lengths: [5, 3, 9])
        #expect(odd.median == 5 && odd.lowerQuartile == 4 && odd.upperQuartile == 7)
        #expect(odd.text == "4 / 5 / 7")
        #expect(LengthFigures(lengths: [8]).median == 8)
    }

    @Test func figuresCountEndsFirstDrawsAndLengths() {
        let drawn: [Sampler.Drawing] = [(20, 3, false), (3, 1, true), (12, 2, true), (19, 1, true), (0, 1, true)].map {
            Sampler.Drawing(sketch: Self.sketch($0.0), draws: $0.1, ended: $0.2)
        }
        let f = SampleFigures(drawings: drawn, maxSteps: 20, reference: [5, 6, 7].map(Self.sketch))
        #expect(f.samples == 5 && f.ended == 4 && f.endedFirstDraw == 3 && f.draws == 8)
        #expect(f.endedShare == 0.8)
        #expect(f.lengths.median == 12)
        #expect(f.reference?.median == 6)
        #expect(SampleFigures(drawings: drawn, maxSteps: 20).reference == nil)
    }

    @Test func samplerDrawingsThatRunOutHaveExactlyTheSteps() throws {
        let sampler = try Sampler(model: TinyModels.sampling(.decoder, nmax: 15), capacity: 8)
        let drawings = sampler.drawings(count: 8, options: Sampler.Options(temperature: SamplingTemperature(0.3), seed: 2, redraws: 0))
        #expect(drawings.allSatisfy { $0.ended ? $0.sketch.count < 15 : $0.sketch.count == 15 })
        #expect(drawings.allSatisfy { $0.draws == 1 })
    }
}
