import Testing
@testable import SketchTerminal

/// Strokes stay on the canvas: a drag that leaves it lifts the pen at the edge and puts it down
/// again where it comes back; a resize ends the stroke in progress instead of bending it.
@Suite struct StrokeClippingTests {
    @Test func aSegmentIsCutAtTheRectangle() throws {
        let low = SIMD2<Float>(0, 0), high = SIMD2<Float>(10, 10)
        let (a, b) = try #require(SegmentClip.clip(SIMD2(5, 5), SIMD2(15, 5), low: low, high: high))
        #expect(a == SIMD2(5, 5) && b == SIMD2(10, 5))
        let (c, d) = try #require(SegmentClip.clip(SIMD2(-5, 5), SIMD2(5, 15), low: low, high: high))
        #expect(c == SIMD2(0, 10) && d == SIMD2(0, 10))
        let (e, f) = try #require(SegmentClip.clip(SIMD2(-10, 5), SIMD2(20, 5), low: low, high: high))
        #expect(e == SIMD2(0, 5) && f == SIMD2(10, 5))
        #expect(SegmentClip.clip(SIMD2(-5, -5), SIMD2(-1, 20), low: low, high: high) == nil)
        #expect(SegmentClip.clip(SIMD2(11, 0), SIMD2(11, 9), low: low, high: high) == nil)
    }

    func mouse(_ code: Int, _ x: Int, _ y: Int, release: Bool = false) -> String {
        "\u{1B}[<\(code);\(x + 1);\(y + 1)\(release ? "m" : "M")"
    }

    @Test(arguments: [(120, 40), (80, 24)])
    func aDragOffTheCanvasAndBackIsTwoStrokesCutAtTheEdge(columns: Int, rows: Int) throws {
        let controller = AppController.forTesting(engine: FakeEngine(), size: TerminalSize(columns: columns, rows: rows))
        let canvas = try #require(controller.layout).canvas
        let bounds = try #require(controller.canvasBounds)
        let y = canvas.y + canvas.height / 2
        // From inside, right across the canvas's right edge and 6 cells beyond, then back in.
        var text = mouse(0, canvas.maxX - 5, y)
        for x in (canvas.maxX - 4)...(canvas.maxX + 6) { text += mouse(32, x, y) }
        for x in stride(from: canvas.maxX + 5, through: canvas.maxX - 6, by: -1) { text += mouse(32, x, y + 2) }
        text += mouse(0, canvas.maxX - 6, y + 2, release: true)
        controller.send(text)
        let strokes = controller.state.drawing.strokes
        #expect(strokes.count == 2, "\(strokes)")
        for point in strokes.joined() {
            #expect(point.x >= bounds.low.x - 1e-3 && point.x <= bounds.high.x + 1e-3, "\(point) off the canvas \(bounds)")
            #expect(point.y >= bounds.low.y - 1e-3 && point.y <= bounds.high.y + 1e-3)
        }
        // Each is cut exactly at the edge, not drawn along it.
        #expect(abs((strokes[0].last?.x ?? 0) - bounds.high.x) < 1e-3)
        #expect(abs((strokes[1].first?.x ?? 0) - bounds.high.x) < 1e-3)
        #expect(Set(strokes[0].map(\.y)).count == 1 && Set(strokes[1].map(\.y)).count == 1)
        #expect(!controller.state.drawing.isPenDown)
    }

    @Test func aResizeEndsTheStrokeInProgressInsteadOfBendingIt() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        let canvas = try #require(controller.layout).canvas
        let y = canvas.y + 10
        var text = mouse(0, canvas.x + 5, y)
        for x in (canvas.x + 6)...(canvas.x + 20) { text += mouse(32, x, y) }
        controller.send(text)
        #expect(controller.state.drawing.isPenDown)
        let before = controller.state.drawing.allStrokes
        controller.resize(to: TerminalSize(columns: 80, rows: 24))
        #expect(!controller.state.drawing.isPenDown)
        #expect(controller.state.drawing.strokes == before)
        // The drag goes on at the new size: a new stroke from where the pointer is, nothing
        // joining the old place to the new.
        let small = try #require(controller.layout).canvas
        controller.send(mouse(32, small.x + 3, small.y + 3) + mouse(32, small.x + 8, small.y + 3) + mouse(0, small.x + 8, small.y + 3, release: true))
        let strokes = controller.state.drawing.strokes
        #expect(strokes.count == 2)
        #expect(strokes[0] == before[0])
        let bounds = try #require(controller.canvasBounds)
        #expect(strokes[1].allSatisfy { $0.y >= bounds.low.y && $0.y <= bounds.high.y && $0.x >= bounds.low.x && $0.x <= bounds.high.x })
    }
}
