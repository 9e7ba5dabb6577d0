import Foundation
import SketchTestSupport
import Testing
@testable import SketchRNN

/// The three prefix formats of `sketch complete` (docs/formats.md), with the docs' own examples.
struct PrefixFileTests {
    static let expected: [Polyline] = [
        [SIMD2(60, 80), SIMD2(75, 62), SIMD2(102, 58), SIMD2(130, 66), SIMD2(141, 88)],
        [SIMD2(141, 88), SIMD2(128, 110), SIMD2(96, 116), SIMD2(70, 104), SIMD2(60, 80)],
    ]

    @Test(arguments: [PrefixExamples.stroke3, PrefixExamples.ndjson, PrefixExamples.strokeJSON])
    func everyFormatGivesTheSameDrawing(text: String) throws {
        let d = try PrefixDrawing.decode(Data(text.utf8), file: "p")
        #expect(d.sketch == Sketch(polylines: Self.expected, omitFirstPoint: true))
        #expect(d.sketch.points.first == StrokePoint(dx: 15, dy: -18, penLifted: false))
        #expect(d.dataPixelsPerUnit == 1)
        #expect(d.penLifted)
    }

    @Test func strokeJSONRoundTripsAndCarriesScreenUnits() throws {
        let drawing = StrokeDrawing(polylines: Self.expected, units: .screen, penLifted: false, model: "cat")
        #expect(drawing.pixelFactor == 2)
        let back = try JSONDecoder().decode(StrokeDrawing.self, from: drawing.encoded())
        #expect(back == drawing)
        let prefix = try PrefixDrawing.decode(drawing.encoded(), file: "s.json")
        #expect(prefix.dataPixelsPerUnit == 2)
        #expect(!prefix.penLifted)
        let text = String(decoding: try drawing.encoded(), as: UTF8.self)
        #expect(text.contains("\"pen_lifted\":false") && text.contains("\"pixel_factor\":2"))
    }

    @Test func aStroke3PrefixWithoutAFinalLiftKeepsThePenDown() throws {
        let d = try PrefixDrawing.decode(Data("[[1, 2, 0], [3, 4, 0]]".utf8), file: "p")
        #expect(!d.penLifted)
        #expect(d.polylines == [[SIMD2(0, 0), SIMD2(1, 2), SIMD2(4, 6)]])
        #expect(d.sketch.points == [StrokePoint(dx: 1, dy: 2, penLifted: false), StrokePoint(dx: 3, dy: 4, penLifted: false)])
    }

    @Test(arguments: [
        ("", "empty"),
        ("[[1, 2]]", "row 0"),
        ("[[1, 2, 0.5]]", "row 0"),
        ("{\"format\": \"sketch-strokes\", \"version\": 9, \"units\": \"data\", \"pen_lifted\": true, \"strokes\": []}", "newer"),
        ("{\"format\": \"sketch-strokes\", \"version\": 1, \"units\": \"data\", \"pen_lifted\": true, \"strokes\": [[[1]]]}", "two finite numbers"),
        ("{\"format\": \"other\"}", "sketch-strokes"),
        ("hello", "neither"),
        // Finite but absurd (issue 16): every point of the scaled drawing would land in one spot.
        ("[[3e38, 0, 0], [1, 1, 1]]", "beyond ±1000000 data pixels"),
        ("[[3e38, 0, 0], [3e38, 0, 1]]", "beyond ±1000000 data pixels"),
        ("{\"format\": \"sketch-strokes\", \"version\": 1, \"units\": \"screen\", \"pixel_factor\": 1e30, \"pen_lifted\": true, \"strokes\": [[[1, 1]]]}", "beyond"),
    ])
    func badFilesSayWhatIsWrong(text: String, problem: String) {
        do {
            _ = try PrefixDrawing.decode(Data(text.utf8), file: "/p/x.json")
            Issue.record("accepted \(text)")
        } catch let e as FormatError {
            #expect(e.file == "/p/x.json")
            #expect(e.problem.contains(problem), "\(e.problem)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
