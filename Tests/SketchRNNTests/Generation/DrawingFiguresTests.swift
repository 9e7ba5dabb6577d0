import Testing
@testable import SketchRNN

struct DrawingFiguresTests {
    /// A closed 100 × 100 square drawn in one stroke, then a 2-unit tick (a dash) and a 60-unit line.
    static let squareTickAndLine = Sketch(polylines: [
        [SIMD2(0, 0), SIMD2(100, 0), SIMD2(100, 100), SIMD2(0, 100), SIMD2(0, 2)],
        [SIMD2(50, 50), SIMD2(52, 50)],
        [SIMD2(10, 10), SIMD2(70, 10)],
    ])

    @Test func oneDrawingsStrokesDashesSizeAndOutline() {
        let shape = DrawingFigures.Shape(Self.squareTickAndLine)
        #expect(shape.strokes == 3)
        #expect(shape.dashes == 1)  // 2 < 5 % of 100; 60 and 398 are not
        #expect(shape.size == 100)
        #expect(shape.longestCloses)  // the square's ends are 2 apart: under 10 % of 100 and of 398
    }

    @Test func anOpenLongestStrokeDoesNotClose() {
        let open = Sketch(polylines: [[SIMD2(0, 0), SIMD2(100, 0), SIMD2(100, 100)], [SIMD2(0, 50), SIMD2(3, 50)]])
        let shape = DrawingFigures.Shape(open)
        #expect(!shape.longestCloses)
        #expect(shape.dashes == 1 && shape.strokes == 2)
        // A tick alone: its ends are its whole length apart, however small the drawing.
        #expect(!DrawingFigures.Shape(Sketch(polylines: [[SIMD2(0, 0), SIMD2(1, 0)]])).longestCloses)
    }

    @Test func figuresAverageOverDrawingsAndScaleSizes() {
        let line = Sketch(polylines: [[SIMD2(0, 0), SIMD2(40, 0)]])
        let f = DrawingFigures(sketches: [Self.squareTickAndLine, line, line], unit: 2)
        #expect(f.count == 3)
        #expect(f.strokes == 5.0 / 3)
        #expect(f.dashes == 1.0 / 3)
        #expect(f.medianSize == 80)  // sizes 200, 80, 80 in the reported unit
        #expect(f.closedShare == 1.0 / 3)
        #expect(DrawingFigures(sketches: []).medianSize.isNaN)
    }
}
