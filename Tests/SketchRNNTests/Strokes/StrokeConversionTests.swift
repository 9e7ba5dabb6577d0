import Testing
@testable import SketchRNN

extension Sketch {
    /// The sketch's stroke-5 rows as the batch builder writes them for a batch of one, `rows` steps
    /// long (the start token left out).
    func stroke5(rows: Int) -> [Float] {
        Array(StrokeBatch(sketches: [self], steps: rows, startToken: .penDown).strokes.dropFirst(5))
    }
}

@Suite struct StrokeConversionTests {
    @Test func stroke5PadsWithEndRowsAndReadsBack() {
        let rows = PolylineTests.square.stroke5(rows: 7)
        #expect(rows.count == 35)
        #expect(Array(rows[0..<5]) == [10, 10, 1, 0, 0])
        #expect(Array(rows[10..<15]) == [0, 5, 0, 1, 0])
        #expect(Array(rows[25..<35]) == [0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
        #expect(Sketch(stroke5: rows) == PolylineTests.square)
    }

    @Test func sketchOfExactlyNmaxPointsGetsNoEndRow() {
        let rows = PolylineTests.square.stroke5(rows: 5)
        #expect(!stride(from: 4, to: rows.count, by: 5).contains { rows[$0] == 1 })
        #expect(Sketch(stroke5: rows) == PolylineTests.square)
    }

    @Test func softPenStatesReadAsTheirLargest() {
        let sketch = Sketch(stroke5: [1, 2, 0.6, 0.3, 0.1, 3, 4, 0.2, 0.7, 0.1, 5, 6, 0.1, 0.2, 0.7, 9, 9, 1, 0, 0])
        #expect(sketch.points == [StrokePoint(dx: 1, dy: 2, penLifted: false), StrokePoint(dx: 3, dy: 4, penLifted: true)])
    }

    @Test func startTokens() {
        #expect(FirstInput.penDown.row == [0, 0, 1, 0, 0])
        #expect(FirstInput.zeros.row == [0, 0, 0, 0, 0])
    }

    @Test func rdpKeepsCornersAndDropsNearlyStraightPoints() {
        let line: Polyline = [SIMD2(0, 0), SIMD2(5, 0.5), SIMD2(10, 0), SIMD2(10, 5), SIMD2(10.4, 7), SIMD2(10, 10)]
        #expect(simplifyRDP(line, epsilon: 1) == [SIMD2(0, 0), SIMD2(10, 0), SIMD2(10, 10)])
        #expect(simplifyRDP(line, epsilon: 0.3) == [SIMD2(0, 0), SIMD2(5, 0.5), SIMD2(10, 0), SIMD2(10.4, 7), SIMD2(10, 10)])
        #expect(simplifyRDP(line, epsilon: 0) == line)
        // A closed stroke (zero-length chord) measures distance to the end point.
        let loop: Polyline = [SIMD2(0, 0), SIMD2(4, 0), SIMD2(4, 4), SIMD2(0, 0)]
        #expect(simplifyRDP(loop, epsilon: 1).contains(SIMD2(4, 4)))
        // Doubling back: the turning point is far from the chord segment, though on its line.
        #expect(simplifyRDP([SIMD2(50, 0), SIMD2(0, 0), SIMD2(60, 1)], epsilon: 2).count == 3)
        let sketch = Sketch(polylines: [line, [SIMD2(20, 20)]]).simplified(epsilon: 1)
        #expect(sketch.polylines == [[SIMD2(0, 0), SIMD2(10, 0), SIMD2(10, 10)], [SIMD2(20, 20)]])
    }

    @Test func scaleFactorIsTheDeviationOfAllOffsetsAndNormalisingInverts() {
        let a = Sketch(points: [StrokePoint(dx: 1, dy: -1, penLifted: false), StrokePoint(dx: 3, dy: 5, penLifted: true)])
        let b = Sketch(points: [StrokePoint(dx: 0, dy: 2, penLifted: true)])
        // values 1, -1, 3, 5, 0, 2: mean 10/6, population variance (1+1+9+25+0+4)/6 - (10/6)^2
        let expected = (40.0 / 6 - (10.0 / 6) * (10.0 / 6)).squareRoot()
        let factor = Sketch.scaleFactor(of: [a, b])
        #expect(abs(Double(factor) - expected) < 1e-6)
        #expect(a.normalized(by: factor).denormalized(by: factor).points.map(\.dx).elementsEqual([1, 3]) { abs($0 - $1) < 1e-5 })
        #expect(Sketch.scaleFactor(of: [Sketch]()) == 1)
    }

    @Test func clippingLimitsOffsets() {
        let wild = Sketch(points: [StrokePoint(dx: 5000, dy: -2000, penLifted: false), StrokePoint(dx: 3, dy: 4, penLifted: true)])
        #expect(wild.clipped().points == [StrokePoint(dx: 1000, dy: -1000, penLifted: false), StrokePoint(dx: 3, dy: 4, penLifted: true)])
    }
}
