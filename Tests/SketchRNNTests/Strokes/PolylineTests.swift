import Testing
@testable import SketchRNN

@Suite struct PolylineTests {
    static let square = Sketch(points: [
        StrokePoint(dx: 10, dy: 10, penLifted: false),
        StrokePoint(dx: 5, dy: 0, penLifted: false),
        StrokePoint(dx: 0, dy: 5, penLifted: true),
        StrokePoint(dx: -5, dy: 0, penLifted: false),
        StrokePoint(dx: 0, dy: -5, penLifted: true),
    ])

    @Test func stroke3ToPolylinesAccumulatesOffsetsAndSplitsAtPenLifts() {
        let lines = Self.square.polylines
        #expect(lines == [[SIMD2(10, 10), SIMD2(15, 10), SIMD2(15, 15)], [SIMD2(10, 15), SIMD2(10, 10)]])
    }

    @Test func polylinesRoundTripToTheSameStroke3() {
        #expect(Sketch(polylines: Self.square.polylines) == Self.square)
    }

    @Test func omittingTheFirstPointMakesItTheOrigin() {
        let lines: [Polyline] = [[SIMD2(7, 7)], [SIMD2(10, 10), SIMD2(15, 10)], [SIMD2(10, 15), SIMD2(10, 10)]]
        let sketch = Sketch(polylines: lines, omitFirstPoint: true)
        #expect(sketch.points == [
            StrokePoint(dx: 5, dy: 0, penLifted: true), StrokePoint(dx: -5, dy: 5, penLifted: false), StrokePoint(dx: 0, dy: -5, penLifted: true),
        ])
        #expect(Sketch(polylines: [[SIMD2(1, 1)]], omitFirstPoint: true).points == [StrokePoint(dx: 1, dy: 1, penLifted: true)])
    }

    @Test func lastStrokeWithoutPenLiftIsKept() {
        let open = Sketch(points: [StrokePoint(dx: 1, dy: 2, penLifted: false), StrokePoint(dx: 1, dy: 0, penLifted: false)])
        #expect(open.polylines == [[SIMD2(1, 2), SIMD2(2, 2)]])
    }

    @Test func boundingBoxCentringAndFitting() throws {
        let box = try #require(Self.square.boundingBox)
        #expect(box == BoundingBox(minX: 10, minY: 10, maxX: 15, maxY: 15))
        let centred = try #require(Self.square.centred().boundingBox)
        #expect(centred.center == .zero)
        #expect(centred.width == 5)
        let fitted = try #require(Self.square.fitted(width: 100, height: 50, origin: SIMD2(0, 0)).boundingBox)
        #expect(abs(fitted.height - 50) < 1e-4 && abs(fitted.width - 50) < 1e-4)
        #expect(abs(fitted.center.x - 50) < 1e-4 && abs(fitted.center.y - 25) < 1e-4)
    }
}
