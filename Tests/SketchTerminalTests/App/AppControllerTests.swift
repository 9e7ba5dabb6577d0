import Foundation
import SketchRNN
import Testing
@testable import SketchTerminal

@Suite struct AppControllerTests {
    /// An SGR drag from cell (x0, y) to (x1, y), one motion report per cell.
    func drag(_ controller: AppController, from x0: Int, to x1: Int, row y: Int) {
        var text = "\u{1B}[<0;\(x0 + 1);\(y + 1)M"
        for x in (x0 + 1)...x1 { text += "\u{1B}[<32;\(x + 1);\(y + 1)M" }
        text += "\u{1B}[<0;\(x1 + 1);\(y + 1)m"
        controller.send(text)
    }

    @Test func opensOnTheModelAndShowsUnconditionalEndings() throws {
        let engine = FakeEngine()
        let controller = AppController.forTesting(engine: engine)
        #expect(controller.state.model?.name == "fake")
        // The status bar names the model and its type.
        let status = controller.render().row(39)
        #expect(status.contains("temperature 0.50") && status.contains("fake · decoder-only"))
        let view = try #require(controller.state.endings)
        #expect(view.endings.count == 6)
        #expect(view.endings.allSatisfy { $0.count == 5 })
        #expect(engine.requests.first?.strokes.isEmpty == true)
    }

    @Test func mouseDragBecomesAStrokeAndAsksForEndings() throws {
        let engine = FakeEngine()
        let controller = AppController.forTesting(engine: engine)
        let layout = try #require(controller.layout)
        let y = layout.canvas.y + layout.canvas.height / 2
        drag(controller, from: layout.canvas.x + 5, to: layout.canvas.x + 25, row: y)
        #expect(controller.state.drawing.strokes.count == 1)
        #expect(!controller.state.drawing.isPenDown)
        controller.settle()
        let request = try #require(engine.requests.last)
        #expect(!request.penDown)
        #expect(request.count == 6)
        #expect(abs(request.temperature - 0.5) < 1e-6)
        let stroke = try #require(request.strokes.first)
        #expect(request.strokes.count == 1)
        // 21 cells, one point each; horizontal, left to right, in drawing units.
        #expect(stroke.count == 21)
        #expect(stroke.allSatisfy { abs($0.y - stroke[0].y) < 1e-3 })
        // The canvas's shorter side spans 256 units: at 120x40 it is its width, 58 columns = 116 dots
        // (115 gaps), so a cell (2 dots wide) is 256/115*2 units.
        let unitsPerCell = Float(256) / Float(min(layout.canvas.width * 2, layout.canvas.height * 4) - 1) * 2
        #expect(abs((stroke.last!.x - stroke.first!.x) - 20 * unitsPerCell) < 1e-3)
        // The endings continue from the stroke's last point, which the panels start from.
        let view = try #require(controller.state.endings)
        #expect(view.prefix == request.strokes)
        #expect(view.continuation(0).first?.first == SIMD2(stroke.last!.x + 4, stroke.last!.y))
        // Each panel shows the user's stroke (in the user's style) and its ending.
        let screen = controller.render()
        for box in layout.panelBoxes {
            let inner = box.inset(by: 1)
            var styles = Set<CellStyle>()
            for y in inner.y..<inner.maxY {
                for x in inner.x..<inner.maxX where screen[x, y].character != " " { styles.insert(screen[x, y].style) }
            }
            #expect(styles == [.user, .ending], "panel \(box)")
        }
    }

    @Test func dragBecomesAStrokeInModelUnits() throws {
        // A small random model with a known scale factor: the real engine converts the drag.
        let config = ModelConfig(type: .decoder, cell: .lstm, decoderSize: 16, mixtures: 3, nmax: 12)
        let model = ModelFile(config: config, parameters: Parameters.initialized(config: config, seed: 1),
                              info: ModelInfo(name: "tiny", scaleFactor: 40))
        let engine = try ModelEngine(model: try SketchModel(file: model), displayName: "tiny")
        let controller = AppController.forTesting(engine: engine)
        let layout = try #require(controller.layout)
        drag(controller, from: layout.canvas.x + 2, to: layout.canvas.x + 12, row: layout.canvas.y + 3)
        let stroke = try #require(controller.state.drawing.strokes.first)
        #expect(stroke.count == 11)

        // Model units: drawing units × data pixels per unit ÷ scale factor. The canvas's shorter
        // side spans the model's `modelUnitsAcrossCanvas`.
        let modelUnitsPerDrawingUnit = engine.dataPixelsPerUnit / 40
        #expect(abs(modelUnitsPerDrawingUnit * DrawingUnits.canvasSide - engine.modelUnitsAcrossCanvas) < 1e-4)
        let sketch = engine.model.units.toModel(engine.reading(controller.state.drawing.strokes))
        // A straight stroke simplifies to its two ends; the pen lifts after the last.
        let last = try #require(sketch.points.last)
        #expect(last.penLifted)
        #expect(sketch.points.filter { $0.penLifted }.count == 1)
        let lengthInModelUnits = (stroke.last!.x - stroke.first!.x) * modelUnitsPerDrawingUnit
        #expect(abs(last.dx - lengthInModelUnits) < 1e-3)
        #expect(abs(last.dy) < 1e-6)
        controller.settle()
        #expect(controller.state.endings?.prefix == [stroke])
    }

    @Test func liveEndingsWhileThePenIsDown() throws {
        let engine = FakeEngine()
        let controller = AppController.forTesting(engine: engine)
        let layout = try #require(controller.layout)
        let y = layout.canvas.y + 5, x = layout.canvas.x + 5
        controller.send("\u{1B}[<0;\(x + 1);\(y + 1)M\u{1B}[<32;\(x + 4);\(y + 1)M")
        #expect(controller.state.drawing.isPenDown)
        controller.settle()
        let request = try #require(engine.requests.last)
        #expect(request.penDown)
        #expect(controller.state.endings?.connected == true)
        // The continuation joins the open stroke.
        let first = try #require(controller.state.endings?.continuation(0).first)
        #expect(first.first == controller.state.drawing.lastPoint)
    }

    @Test func keyboardDrawing() throws {
        let engine = FakeEngine()
        let controller = AppController.forTesting(engine: engine)
        let start = controller.state.cursor
        controller.send(" lll")
        #expect(controller.state.drawing.isPenDown)
        controller.send("\r")
        #expect(!controller.state.drawing.isPenDown)
        let stroke = try #require(controller.state.drawing.strokes.first)
        #expect(stroke.count == 4)
        #expect(stroke.first == start)
        #expect(stroke.last!.x > start.x)
        controller.send("jj \u{1B}[B\u{1B}[B ")  // move down, a second stroke with the arrow keys
        #expect(controller.state.drawing.strokes.count == 2)
        controller.send("u")
        #expect(controller.state.drawing.strokes.count == 1)
        controller.send("c")
        #expect(controller.state.drawing.isEmpty)
    }

    @Test func temperatureKeysResample() throws {
        let engine = FakeEngine()
        let controller = AppController.forTesting(engine: engine)
        controller.send("]]")
        controller.settle()
        #expect(controller.render().text.contains("temperature 0.60"))
        #expect(abs((engine.requests.last?.temperature ?? 0) - 0.6) < 1e-6)
        controller.send("t")
        controller.settle()
        #expect(controller.render().text.contains("temperature 0.75"))
        controller.send("[")
        #expect(controller.render().text.contains("temperature 0.70"))
    }

    @Test func numberKeyTakesAnEnding() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        let layout = try #require(controller.layout)
        drag(controller, from: layout.canvas.x + 5, to: layout.canvas.x + 10, row: layout.canvas.y + 5)
        controller.settle()
        let expected = try #require(controller.state.endings?.combined(2))
        controller.send("3")
        #expect(controller.state.drawing.strokes == expected)
        #expect(controller.state.drawing.strokes.count == 2)  // the user's stroke, then the ending's
    }

    @Test func endingCountKeys() {
        let engine = FakeEngine()
        let controller = AppController.forTesting(engine: engine)
        controller.send("---")
        controller.settle()
        #expect(controller.state.endingCount == 3)
        #expect(engine.requests.last?.count == 3)
        #expect(controller.layout?.panelBoxes.count == 3)
    }

    @Test func latentGridNeedsAVAE() {
        let controller = AppController.forTesting(engine: FakeEngine(vae: false))
        controller.send("g")
        #expect(controller.state.mode == .drawing)
        #expect(controller.render().text.contains("need a VAE"))
    }

    @Test func latentGridOpensMovesAndTakes() throws {
        let engine = FakeEngine(vae: true)
        let controller = AppController.forTesting(engine: engine)
        controller.send("g")
        controller.settle()
        #expect(controller.state.mode == .grid)
        let grid = try #require(controller.state.grid)
        #expect(grid.cells.allSatisfy { $0 != nil })
        let request = try #require(engine.gridRequests.last)
        #expect(request.corners.count == 4)
        controller.send("\u{1B}[C\u{1B}[B")
        #expect(controller.state.grid?.selection == grid.columns + 1)
        controller.send("\r")
        #expect(controller.state.mode == .drawing)
        #expect(controller.state.drawing.strokes.count == 1)
    }

    @Test func latentGridCornersComeFromTheDrawingAndTheDataFile() throws {
        let engine = FakeEngine(vae: true)
        let controller = AppController.forTesting(engine: engine)
        let data = Sketch(points: [StrokePoint(dx: 3, dy: 4, penLifted: false), StrokePoint(dx: 10, dy: 0, penLifted: true)])
        controller.cornerSketches = [data]
        controller.send(" lll\r")
        controller.send("g")
        controller.settle()
        let request = try #require(engine.gridRequests.last)
        guard case .sketch(let first) = request.corners[0] else { Issue.record("the drawing is not the first corner"); return }
        #expect(first == controller.state.drawing.sketch)
        for corner in request.corners.dropFirst() {
            guard case .sketch(let s) = corner else { Issue.record("a corner is not from the data"); continue }
            #expect(s == data)  // the fake engine's data pixels per unit is 1
        }
        controller.send("r")
        controller.settle()
        #expect(engine.gridRequests.count == 2)
    }

    @Test func helpListsEveryKey() {
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.send("?")
        let text = controller.render().text
        for line in KeyMap.helpLines { #expect(text.contains(line.keys)) }
        controller.send("x")
        #expect(controller.state.mode == .drawing)
    }

    @Test func saveHandsTheDrawingToTheSaver() throws {
        var saved: [DrawingToSave] = []
        let controller = AppController.forTesting(engine: FakeEngine()) { saved.append($0); return ["/d/a.svg", "/d/a.json"] }
        controller.send("s")
        #expect(saved.isEmpty)
        #expect(controller.render().text.contains("nothing to save"))
        controller.send(" ll\r")
        controller.send("s")
        #expect(saved.count == 1)
        #expect(saved.first?.strokes == controller.state.drawing.strokes)
        #expect(controller.render().text.contains("saved in /d/: a.svg, a.json"))
    }

    @Test func asciiFallbackDrawsOnlyASCII() throws {
        let controller = AppController.forTesting(engine: FakeEngine(), size: TerminalSize(columns: 80, rows: 24))
        controller.unicode = false
        controller.send(" llljjj\r")
        let screen = controller.render()
        #expect(screen.cells.allSatisfy { $0.character.isASCII })
        #expect(screen.text.contains("endings 4 of 6"))
        #expect(screen.cells.contains { $0.style == .user && $0.character != " " })
        controller.send("?")
        #expect(controller.render().cells.allSatisfy { $0.character.isASCII })
    }

    @Test func quitKeys() {
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.send("q")
        #expect(controller.wantsToQuit)
        let other = AppController.forTesting(engine: FakeEngine())
        other.send("\u{3}")
        #expect(other.wantsToQuit)
    }

    @Test func resizeKeepsTheDrawingAndRelaysOut() throws {
        let controller = AppController.forTesting(engine: FakeEngine())
        controller.send(" llll\r")
        let strokes = controller.state.drawing.strokes
        controller.resize(to: TerminalSize(columns: 80, rows: 40))
        #expect(controller.state.drawing.strokes == strokes)
        #expect(controller.layout?.sideBySide == false)
        controller.resize(to: TerminalSize(columns: 30, rows: 10))
        #expect(controller.render().text.contains("too small"))
        controller.resize(to: TerminalSize(columns: 150, rows: 50))
        #expect(controller.render().text.contains("temperature 0.50"))
    }

    @Test func newInputCancelsStaleWork() throws {
        let engine = FakeEngine(steps: 400)
        let controller = AppController.forTesting(engine: engine)
        for _ in 0..<5 { controller.send("]") }
        controller.settle()
        // Only the newest request's endings are shown, and they ran to the end.
        #expect(abs((controller.state.endings.map { _ in engine.requests.last!.temperature } ?? 0) - 0.75) < 1e-6)
        #expect(controller.state.endings?.endings.first?.count == 400)
        #expect(engine.requests.count <= 7)
    }
}

@Suite struct DrawingSaverTests {
    @Test func writesSVGAndStrokeJSON() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sketch-saver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let saver = DrawingSaver(folder: folder, now: { Date(timeIntervalSince1970: 0) })
        let strokes: [[SIMD2<Float>]] = [[SIMD2(10, 10), SIMD2(50, 12)], [SIMD2(30, 40), SIMD2(31, 80)]]
        let paths = try saver.save(DrawingToSave(strokes: strokes, modelName: "sheep", dataPixelsPerUnit: 4.5, temperature: 0.5))
        #expect(paths.map { URL(fileURLWithPath: $0).lastPathComponent } == ["sketch-19700101-000000.svg", "sketch-19700101-000000.json"])
        let svg = try String(contentsOfFile: paths[0], encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.components(separatedBy: "<polyline").count == 3)
        let json = try JSONDecoder().decode(StrokeDrawing.self, from: Data(contentsOf: URL(fileURLWithPath: paths[1])))
        #expect(json.polylines == strokes)
        #expect(json.units == .screen)
        #expect(json.pixelFactor == 4.5)
        #expect(json.penLifted)
        // A second save the same second does not overwrite the first.
        let again = try saver.save(DrawingToSave(strokes: strokes, modelName: nil, temperature: 0.5))
        #expect(again[0].hasSuffix("sketch-19700101-000000-2.svg"))
    }
}
