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

    @Test func aDrawingEndedWhenItHasFewerPointsThanTheSteps() {
        let drawn = [20, 3, 20, 19, 0].map(Self.sketch)
        let f = SampleFigures(sketches: drawn, maxSteps: 20, reference: [5, 6, 7].map(Self.sketch))
        #expect(f.samples == 5 && f.ended == 3)
        #expect(f.endedShare == 0.6)
        #expect(f.lengths.median == 19)
        #expect(f.reference?.median == 6)
        #expect(SampleFigures(sketches: drawn, maxSteps: 20).reference == nil)
    }

    @Test func samplerDrawingsThatRunOutHaveExactlyTheSteps() throws {
        let sampler = try Sampler(model: SamplerTests.model(.decoder, nmax: 15), capacity: 8)
        let sketches = sampler.sample(count: 8, options: Sampler.Options(temperature: SamplingTemperature(0.3), seed: 2))
        #expect(sketches.allSatisfy { $0.count <= 15 })
        let f = SampleFigures(sketches: sketches, maxSteps: 15)
        #expect(f.ended == sketches.filter { $0.count < 15 }.count)
    }
}
