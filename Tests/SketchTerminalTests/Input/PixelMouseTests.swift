import Testing
@testable import SketchTerminal

/// SGR pixel mouse reports (mode 1016): the terminal's answers, when to turn them on, and how
/// the parser reads them.
@Suite struct PixelMouseTests {
    func parse(_ text: String, pixelCell: CellPixels? = nil) -> [InputEvent] {
        var parser = InputParser()
        parser.pixelCell = pixelCell
        return parser.feed(Array(text.utf8)) + parser.flush()
    }

    @Test func answersAreReadAsReports() {
        #expect(parse("\u{1B}[?1016;2$y") == [.report(.privateMode(1016, setting: 2))])
        #expect(parse("\u{1B}[?1016;0$yq") == [.report(.privateMode(1016, setting: 0)), .key(.character("q"))])
        #expect(parse("\u{1B}[6;20;10t") == [.report(.cellPixels(width: 10, height: 20))])
        #expect(parse("\u{1B}[6;0;10t\u{1B}[?1016$y").isEmpty)  // no cell, no setting: dropped
    }

    @Test func reportsAreKeptOutOfTheKeyMap() {
        #expect(KeyMap.action(for: .report(.cellPixels(width: 9, height: 18)), mode: .drawing) == .none)
    }

    @Test func turnsOnOnlyOnceTheModeIsKnownAndACellHasASize() {
        var mouse = PixelMouse()
        var reply = mouse.receive(.cellPixels(width: 10, height: 20))
        #expect(reply == nil && mouse.parserCell == nil)
        reply = mouse.receive(.privateMode(1016, setting: 2))
        #expect(reply == PixelMouse.enable && mouse.parserCell == CellPixels(width: 10, height: 20))
        reply = mouse.receive(.privateMode(1016, setting: 1))
        #expect(reply == nil)  // once

        var unknown = PixelMouse()
        reply = unknown.receive(.privateMode(1016, setting: 0))
        #expect(reply == nil)
        reply = unknown.window(columns: 80, rows: 24, pixelWidth: 800, pixelHeight: 480)
        #expect(reply == nil && unknown.parserCell == nil)

        var fromKernel = PixelMouse()
        reply = fromKernel.window(columns: 80, rows: 24, pixelWidth: 0, pixelHeight: 0)
        #expect(reply == nil)
        reply = fromKernel.receive(.privateMode(1016, setting: 2))
        #expect(reply == nil)
        reply = fromKernel.window(columns: 80, rows: 24, pixelWidth: 720, pixelHeight: 432)
        #expect(reply == PixelMouse.enable && fromKernel.parserCell == CellPixels(width: 9, height: 18))
    }

    @Test func pixelReportsBecomeCellsWithAPositionInside() {
        // Pixel 25 (0-based 24) of 10-pixel cells is in cell 2, 45% across it.
        let events = parse("\u{1B}[<0;25;51M\u{1B}[<32;26;51M", pixelCell: CellPixels(width: 10, height: 20))
        guard case .mouse(let press)? = events.first else { Issue.record("no mouse event"); return }
        #expect(press.kind == .press && press.x == 2 && press.y == 2)
        #expect(abs(press.position.x - 2.45) < 1e-5 && abs(press.position.y - 2.525) < 1e-5)
        #expect(events.count == 2)
        // Cell reports keep standing for their cell's centre.
        #expect(parse("\u{1B}[<0;3;3M") == [.mouse(MouseEvent(kind: .press, x: 2, y: 2, position: SIMD2(2.5, 2.5)))])
    }

    @Test func pixelReportsDrawFinerThanCells() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        let canvas = try #require(controller.layout).canvas
        func point(_ position: SIMD2<Float>) -> SIMD2<Float>? {
            controller.drawingPoint(for: MouseEvent(kind: .press, x: Int(position.x), y: Int(position.y), position: position))
        }
        let left = try #require(point(SIMD2(Float(canvas.x) + 5.1, Float(canvas.y) + 5.5)))
        let right = try #require(point(SIMD2(Float(canvas.x) + 5.9, Float(canvas.y) + 5.5)))
        let centre = try #require(point(SIMD2(Float(canvas.x) + 5.5, Float(canvas.y) + 5.5)))
        // Within one cell, three different points, in order; the centre is where a cell report goes.
        #expect(left.x < centre.x && centre.x < right.x)
        let cellReport = try #require(controller.drawingPoint(for: MouseEvent(kind: .press, x: canvas.x + 5, y: canvas.y + 5)))
        #expect(cellReport == centre)
    }
}
